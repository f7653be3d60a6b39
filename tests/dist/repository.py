"""The repository's one public URL: README.md's links and pyproject's [project.urls] use it."""

REPOSITORY = "https://github.com/pulumi-ampersand/pulumi-ampersand"
