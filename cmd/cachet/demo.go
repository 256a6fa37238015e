package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// demoClaims are a fictional Chancheng resident's identity card claims.
const demoClaims = `{
  "name": "陈嘉敏",
  "sex": "female",
  "ethnicity": "01",
  "birth_date": "1992-08-17",
  "address": "广东省佛山市禅城区祖庙街道福宁路23号3座502房",
  "id_number": "440604199208170246",
  "issuing_authority": "佛山市公安局禅城分局",
  "valid_from": "2019-05-10",
  "valid_until": "2039-05-10"
}
`

// demo runs the command-line journey in a fresh directory, printing each
// command and what it answered: the bureau issues a resident ID card, the
// citizen discloses name and birth date to a counter, the counter verifies,
// the bureau revokes and the counter refuses.
func demo(e env, args []string) error {
	fs := newFlags(e, "demo")
	dir := fs.String("dir", "", "directory for the demo's files (default: a new temporary directory)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "cachet-demo-")
		if err != nil {
			return err
		}
		*dir = d
	} else if err := os.MkdirAll(*dir, 0o700); err != nil {
		return usagef("--dir: %v", err)
	}
	p := func(name string) string { return filepath.Join(*dir, name) }
	if err := writeOut(e, p("claims.json"), []byte(demoClaims)); err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintf(w, "Cachet demo, in %s\n", *dir)
	var idx string
	steps := []struct {
		say  string
		args []string
		want int
	}{
		{"The Public Security bureau and the citizen each make a key.", []string{"keys", "new", "--alg", "EdDSA", "--out", p("bureau.jwk")}, 0},
		{"", []string{"keys", "new", "--alg", "ES256", "--out", p("citizen.jwk")}, 0},
		{"The bureau starts a status list of 131,072 entries.", []string{"status", "new", "--uri", "https://ps.chancheng.example/status/1", "--out", p("list.json")}, 0},
		{"The bureau issues a resident ID card (SD-JWT VC) bound to the citizen's key.", []string{"vc", "issue", "--type", "resident-id", "--claims", p("claims.json"), "--key", p("bureau.jwk"), "--holder", p("citizen.jwk"), "--status-list", p("list.json"), "--out", p("id.sdjwt")}, 0},
		{"It publishes its signed status list.", []string{"status", "publish", "--list", p("list.json"), "--key", p("bureau.jwk"), "--out", p("status.jwt")}, 0},
		{"At the counter, the citizen discloses only name and birth date.", []string{"vc", "present", "--credential", p("id.sdjwt"), "--holder-key", p("citizen.jwk"), "--disclose", "name,birth_date", "--aud", "did:web:counter.chancheng.example", "--nonce", "demo-nonce-1", "--out", p("presentation.txt")}, 0},
		{"The counter verifies: issuer, signature, schema, status and holder binding.", []string{"vc", "verify", "--in", p("presentation.txt"), "--aud", "did:web:counter.chancheng.example", "--nonce", "demo-nonce-1", "--status-token", p("status.jwt")}, 0},
		{"The bureau revokes the card and publishes the list again.", []string{"status", "set", "--list", p("list.json"), "--index", "IDX", "--status", "revoked"}, 0},
		{"", []string{"status", "publish", "--list", p("list.json"), "--key", p("bureau.jwk"), "--out", p("status2.jwt")}, 0},
		{"The same presentation is now refused.", []string{"vc", "verify", "--in", p("presentation.txt"), "--aud", "did:web:counter.chancheng.example", "--nonce", "demo-nonce-1", "--status-token", p("status2.jwt")}, 1},
	}
	for _, s := range steps {
		for i, a := range s.args {
			if a == "IDX" {
				s.args[i] = idx
			}
		}
		if s.say != "" {
			fmt.Fprintf(w, "\n# %s\n", s.say)
		}
		fmt.Fprintf(w, "$ cachet %s\n", strings.ReplaceAll(strings.Join(s.args, " "), *dir+string(filepath.Separator), ""))
		var out, errOut bytes.Buffer
		sub := env{ctx: e.ctx, stdout: &out, stderr: &errOut, stdin: e.stdin, now: e.now, getenv: e.getenv}
		code := run(sub, s.args)
		w.Write(out.Bytes())
		w.Write(errOut.Bytes())
		if code != s.want {
			return fmt.Errorf("demo step failed (exit %d)", code)
		}
		if m := regexp.MustCompile(`status: index ([0-9]+) of`).FindSubmatch(out.Bytes()); m != nil {
			idx = string(m[1])
		}
	}
	fmt.Fprintf(w, "\nThe files are in %s. 'cachet help' lists every command.\n", *dir)
	return nil
}
