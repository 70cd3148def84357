"""Contract rules (hook `contract`): a task's parts agree with each other and nothing of the template is left."""
