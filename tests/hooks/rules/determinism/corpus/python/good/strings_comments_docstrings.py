# expect: none
"""Never call time.time() or random.random() here; requests.get(url) is forbidden too."""

# import time; time.time()  -- a comment, not code
HELP = "run `curl https://example.com` yourself, then random.seed()"
PATTERN = r"datetime.now()"


def describe():
    """uuid.uuid4() would make this nondeterministic, so we do not."""
    return f"{HELP}: os.urandom(16) is {'not'} used", "subprocess.run(['wget', url])"
