"""Demo content, filled in below."""


def load(stdout) -> None:
    stdout.write("courses: nothing yet")
