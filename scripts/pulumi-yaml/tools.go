//go:build tools

// Package tools pins the Pulumi YAML language host this project builds when none is installed.
// scripts/install-pulumi builds the main package below from this module; nothing imports it.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
