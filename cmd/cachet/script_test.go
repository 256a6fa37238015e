package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestScripts runs each testdata/*.txt script in a fresh directory. A script
// is a list of lines:
//
//	cachet ARGS...      run the command; it must exit 0
//	! cachet ARGS...    it must exit 2 (bad usage or input)
//	!1 cachet ARGS...   it must exit 1 (did not verify)
//	stdout REGEXP       the last command's standard output matches
//	! stdout REGEXP     ... does not match (likewise stderr)
//	exists FILE / ! exists FILE
//	write FILE TEXT     create FILE holding TEXT (\n for newlines)
//	cp FROM TO          copy a file
//	stdin FILE          feed FILE to the next command's standard input
//	save FILE REGEXP    write the first group REGEXP captures in the last stdout
//	env NAME=VALUE      set an environment variable for later commands
//	# comment
//
// Commands run in-process with a fixed clock (2026-11-25T08:00:00Z) unless
// `clock RFC3339` changes it. Arguments are split on spaces; $WORK is the
// script's directory, $TESTDATA this package's testdata folder, and {FILE}
// is replaced by FILE's trimmed contents.
func TestScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) { runScript(t, f) })
	}
}

var fileRef = regexp.MustCompile(`\{([A-Za-z0-9_.-]+)\}`)

func runScript(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	cwd, _ := os.Getwd()
	testdata := filepath.Join(cwd, "testdata")
	if err := os.Chdir(work); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(cwd)
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	var stdout, stderr string
	var stdin []byte
	vars := map[string]string{}
	for n, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.ReplaceAll(line, "$WORK", work)
		line = strings.ReplaceAll(line, "$TESTDATA", testdata)
		line = fileRef.ReplaceAllStringFunc(line, func(m string) string {
			b, err := os.ReadFile(m[1 : len(m)-1])
			if err != nil {
				t.Fatalf("%s:%d: %v", path, n+1, err)
			}
			return strings.TrimSpace(string(b))
		})
		want := 0
		switch {
		case strings.HasPrefix(line, "!1 "):
			want, line = 1, line[3:]
		case strings.HasPrefix(line, "! cachet "):
			want, line = 2, line[2:]
		}
		neg := strings.HasPrefix(line, "! ")
		if neg {
			line = line[2:]
		}
		word, rest, _ := strings.Cut(line, " ")
		fail := func(format string, a ...any) {
			t.Fatalf("%s:%d: %s\nstdout:\n%s\nstderr:\n%s", path, n+1, strings.TrimSpace(line)+": "+sprintf(format, a...), stdout, stderr)
		}
		switch word {
		case "cachet":
			var o, e bytes.Buffer
			env := env{ctx: context.Background(), stdout: &o, stderr: &e, stdin: bytes.NewReader(stdin), now: func() time.Time { return now }, getenv: func(k string) string { return vars[k] }}
			code := run(env, strings.Fields(rest))
			stdout, stderr, stdin = o.String(), e.String(), nil
			if code != want {
				fail("exit code %d, want %d", code, want)
			}
			if want == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(rest, "-h") {
				fail("a bad input must get one line on stderr")
			}
		case "stdout", "stderr":
			text := stdout
			if word == "stderr" {
				text = stderr
			}
			if len(rest) >= 2 && rest[0] == '\'' && rest[len(rest)-1] == '\'' {
				rest = rest[1 : len(rest)-1]
			}
			re, err := regexp.Compile(rest)
			if err != nil {
				fail("bad regexp: %v", err)
			}
			if re.MatchString(text) == neg {
				fail("match = %v", !neg)
			}
		case "exists":
			_, err := os.Stat(rest)
			if (err == nil) == neg {
				fail("exists = %v", err == nil)
			}
		case "write":
			name, text, _ := strings.Cut(rest, " ")
			if err := os.WriteFile(name, []byte(strings.ReplaceAll(text, `\n`, "\n")), 0o600); err != nil {
				fail("%v", err)
			}
		case "cp":
			from, to, _ := strings.Cut(rest, " ")
			b, err := os.ReadFile(from)
			if err != nil {
				fail("%v", err)
			}
			if err := os.WriteFile(to, b, 0o600); err != nil {
				fail("%v", err)
			}
		case "save":
			name, expr, _ := strings.Cut(rest, " ")
			m := regexp.MustCompile(strings.Trim(expr, "'")).FindStringSubmatch(stdout)
			if len(m) < 2 {
				fail("no match")
			}
			if err := os.WriteFile(name, []byte(m[1]), 0o600); err != nil {
				fail("%v", err)
			}
		case "stdin":
			if stdin, err = os.ReadFile(rest); err != nil {
				fail("%v", err)
			}
		case "env":
			k, v, _ := strings.Cut(rest, "=")
			vars[k] = v
		case "clock":
			if now, err = time.Parse(time.RFC3339, rest); err != nil {
				fail("%v", err)
			}
		default:
			fail("unknown script command %q", word)
		}
	}
}
