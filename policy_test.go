// Tests that hold the rules of ../shared/STYLE.md that a machine can check:
// imports run only downward (rule 2), domain packages know nothing of HTTP
// servers or templates (rule 3), every package has exactly one package
// comment, in doc.go (rule 31).
package cachet_test

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/cachet-district/cachet"

// layers gives each package prefix its place in the import order keys ->
// credential -> {didmethod, ledger, schemas} -> {issuer, verifier, wallet} ->
// web -> cmd. A package may import its own layer or lower ones. The longest
// matching prefix wins; a package matching none fails the test, so a new
// folder must be placed here on purpose.
var layers = map[string]int{
	"keys":                0,
	"internal/atomicfile": 0,
	"internal/store":      0,
	"internal/strictjson": 0,
	"credential":          1,
	"didmethod":           2,
	"ledger":              2,
	"schemas":             2,
	"issuer":              3,
	"verifier":            3,
	"wallet":              3,
	"internal/testworld":  3,
	"web":                 4,
	"cmd":                 5,
}

// domain packages may not import these (rule 3; CometBFT stays in ledger for
// the build budget of DEPENDENCIES.md).
var forbiddenInDomain = []string{"github.com/labstack/echo", "html/template", "net/http/httptest", "github.com/chromedp"}

type pkg struct {
	ImportPath string
	Dir        string
	Imports    []string
	GoFiles    []string
	Standard   bool
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if len(p.GoFiles) > 0 {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) == 0 {
		t.Fatal("no packages listed")
	}
	return pkgs
}

func layerOf(importPath string) (int, bool) {
	rel := strings.TrimPrefix(strings.TrimPrefix(importPath, module), "/")
	best, layer := -1, 0
	for prefix, l := range layers {
		if (rel == prefix || strings.HasPrefix(rel, prefix+"/")) && len(prefix) > best {
			best, layer = len(prefix), l
		}
	}
	return layer, best >= 0
}

func TestImportsRunDownward(t *testing.T) {
	for _, p := range listPackages(t) {
		from, ok := layerOf(p.ImportPath)
		if !ok {
			t.Errorf("%s has no layer: place it in policy_test.go's layers", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, module+"/") {
				to, ok := layerOf(imp)
				if ok && to > from {
					t.Errorf("%s (layer %d) imports %s (layer %d): imports must run downward", p.ImportPath, from, imp, to)
				}
			}
			if from <= 3 {
				for _, bad := range forbiddenInDomain {
					if imp == bad || strings.HasPrefix(imp, bad+"/") {
						t.Errorf("domain package %s imports %s", p.ImportPath, imp)
					}
				}
				if strings.HasPrefix(imp, "github.com/cometbft/") && !strings.HasPrefix(p.ImportPath, module+"/ledger") {
					t.Errorf("%s imports CometBFT; only ledger may", p.ImportPath)
				}
			}
		}
	}
}

func TestOnePackageCommentInDocGo(t *testing.T) {
	for _, p := range listPackages(t) {
		var withDoc []string
		for _, f := range p.GoFiles {
			af, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.Dir, f), nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if af.Doc != nil {
				withDoc = append(withDoc, f)
			}
		}
		if len(withDoc) != 1 || withDoc[0] != "doc.go" {
			t.Errorf("%s: package comment in %v, want exactly one, in doc.go", p.ImportPath, withDoc)
		}
	}
}
