//go:build tools

// Package tools pins the Pulumi CLI this project builds when no suitable `pulumi` is installed.
// scripts/install-pulumi builds the main package below from this module; nothing imports it.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
