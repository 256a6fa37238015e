package interop_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// jsTimeout bounds one run of js/sdjwt.mjs; a cold node start with the
// library loaded takes about 100 ms here.
const jsTimeout = 30 * time.Second

// jsPeer runs js/sdjwt.mjs, the @sd-jwt/sd-jwt-vc side of the tests.
type jsPeer struct {
	node string
	dir  string
}

// needJS returns the JS peer. Without node or without js/node_modules the
// test is skipped on a laptop and fails under CI=true, where .ci/run has
// installed both (STYLE.md rule 27).
func needJS(t testing.TB) *jsPeer {
	t.Helper()
	missing := ""
	node, err := exec.LookPath("node")
	if err != nil {
		missing = "node is not on PATH"
	} else if _, err := os.Stat(filepath.Join("js", "node_modules", "@sd-jwt", "sd-jwt-vc", "package.json")); err != nil {
		missing = "js/node_modules is missing (run `npm ci` in interop/js)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("interop: %s; under CI=true the JS peer is required", missing)
		}
		t.Skipf("interop: %s", missing)
	}
	return &jsPeer{node: node, dir: "js"}
}

// jsJWT is a decoded JWT as the script prints it.
type jsJWT struct {
	Header  map[string]any `json:"header"`
	Payload map[string]any `json:"payload"`
}

// jsResult is what js/sdjwt.mjs prints.
type jsResult struct {
	OK           bool           `json:"ok"`
	Error        string         `json:"error"`
	Claims       map[string]any `json:"claims"`
	Header       map[string]any `json:"header"`
	KB           *jsJWT         `json:"kb"`
	Issued       string         `json:"issued"`
	Presentation string         `json:"presentation"`
}

// run sends cmd to the script. A credential the library rejects comes back
// as a result with OK false (exit status 2); anything else going wrong with
// the script fails the test.
func (p *jsPeer) run(t testing.TB, cmd any) jsResult {
	t.Helper()
	in, err := json.Marshal(cmd)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), jsTimeout)
	defer cancel()
	c := exec.CommandContext(ctx, p.node, "sdjwt.mjs")
	c.Dir = p.dir
	c.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	out, err := c.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 2) {
		t.Fatalf("js/sdjwt.mjs: %v\nstdout: %s\nstderr: %s", err, out, stderr.Bytes())
	}
	var res jsResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("js/sdjwt.mjs printed %q: %v\nstderr: %s", out, err, stderr.Bytes())
	}
	return res
}
