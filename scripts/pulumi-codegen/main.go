// Command pulumi-codegen writes the Node.js and Go SDKs of a Pulumi package schema with the
// code generators of github.com/pulumi/pulumi/pkg/v3, the ones that `pulumi package gen-sdk`
// reaches through the pulumi-language-nodejs and pulumi-language-go hosts. Those hosts' Go
// modules are not served by the module proxy, so this is how their generators run offline.
//
//	pulumi-codegen <schema.json> <out-dir> nodejs go
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) < 4 {
		fail(fmt.Errorf("usage: %s <schema.json> <out-dir> <language>...", os.Args[0]))
	}
	for _, language := range os.Args[3:] {
		pkg, err := bind(os.Args[1])
		if err != nil {
			fail(err)
		}
		var files map[string][]byte
		switch language {
		case "nodejs":
			files, err = nodejsgen.GeneratePackage("pulumi-codegen", pkg, nil, nil, false, nil)
		case "go":
			files, err = gogen.GeneratePackage("pulumi-codegen", pkg, nil)
		default:
			err = fmt.Errorf("no generator for %q here (nodejs, go)", language)
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", language, err))
		}
		if err := write(filepath.Join(os.Args[2], language), files); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d files\n", language, len(files))
	}
}

// bind reads and binds the schema afresh: each generator records its language data in it.
func bind(path string) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

// noPackages is the loader of a schema that refers to no other package (this one refers only
// to its own types and pulumi.json#/Any).
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q: none can be loaded here", name)
}

func (l noPackages) LoadPackageV2(
	_ context.Context, descriptor *schema.PackageDescriptor,
) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

func write(dir string, files map[string][]byte) error {
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pulumi-codegen:", err)
	os.Exit(1)
}
