pytest /tests
