package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cachet-district/cachet/internal/atomicfile"
)

// usageError is bad usage or bad input: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// verifyError is a well-formed input that did not verify: exit code 1.
type verifyError struct{ err error }

func (e *verifyError) Error() string { return "not verified: " + e.err.Error() }
func (e *verifyError) Unwrap() error { return e.err }

// env is what a command may touch; tests give their own.
type env struct {
	// ctx ends when the process is asked to stop (SIGINT, SIGTERM): the
	// long-running commands (ledger start) stop cleanly then.
	ctx            context.Context
	stdout, stderr io.Writer
	stdin          io.Reader
	now            func() time.Time
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := env{ctx: ctx, stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, now: time.Now, getenv: os.Getenv}
	code := run(e, os.Args[1:])
	stop()
	os.Exit(code)
}

// command is one `cachet` subcommand.
type command struct {
	name, summary string
	run           func(e env, args []string) error
}

func commands() []command {
	return []command{
		{"run", "start the platform: the embedded ledger node (data/ledger) and its HTTP endpoints", runPlatform},
		{"demo", "walk through issuing, presenting, verifying and revoking a credential", demo},
		{"keys new", "generate a key pair and write it as a private JWK file", keysNew},
		{"vc issue", "issue a credential of a district type from a claims file", vcIssue},
		{"vc present", "present a credential to a verifier, disclosing chosen claims", vcPresent},
		{"vc verify", "verify a credential or presentation, its issuer, schema and status", vcVerify},
		{"status new", "start a status list (OAuth Token Status List) for an issuer", statusNew},
		{"status set", "mark a credential's index valid, revoked or suspended", statusSet},
		{"status publish", "sign the list as a statuslist+jwt for verifiers to fetch", statusPublish},
		{"status check", "verify a statuslist+jwt and look up one index", statusCheck},
		{"ledger start", "run a ledger node (a new single-validator ledger on an empty home)", ledgerStart},
		{"ledger testnet", "lay out the homes of a consortium of validator nodes", ledgerTestnet},
		{"did create", "register a did:cachet DID on the ledger", didCreate},
		{"did update", "rotate keys or change the methods and services of a DID", didUpdate},
		{"did deactivate", "deactivate a did:cachet DID for good", didDeactivate},
		{"did resolve", "resolve a DID (did:cachet from the ledger, did:key, did:jwk)", didResolve},
		{"gov authorize", "authorise an issuer for credential types (governance vote)", govAuthorize},
		{"gov revoke", "end an issuer's authorisation (governance vote)", govRevoke},
		{"gov schema", "register credential types and their schemas (governance vote)", govSchema},
	}
}

// run dispatches args to a command and maps its error to an exit code.
func run(e env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(e.stdout)
		return 0
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return exitCode(e, c.run(e, args[len(words):]))
		}
	}
	fmt.Fprintf(e.stderr, "cachet: unknown command %q (see 'cachet help')\n", strings.Join(args, " "))
	return 2
}

func exitCode(e env, err error) int {
	var ue *usageError
	var ve *verifyError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ve):
		fmt.Fprintf(e.stderr, "cachet: %v\n", err)
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "cachet: %v\n", err)
		return 2
	default:
		fmt.Fprintf(e.stderr, "cachet: %v\n", err)
		return 2
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "cachet: verifiable credentials for a district's bureaus, citizens and service counters")
	fmt.Fprintln(w, "\nusage: cachet <command> [flags]   (cachet <command> -h for its flags)")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
}

// newFlags makes a flag set whose errors become usage errors.
func newFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("cachet "+name, flag.ContinueOnError)
	// Errors are reported once, in one line, by exitCode; -h prints the
	// flags to standard output.
	// The flag package calls Usage on every parse error too, so it does
	// nothing here and parseFlags prints the help for -h only.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses and rejects stray positional arguments.
func parseFlags(e env, fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fmt.Fprintf(e.stdout, "usage: %s [flags]\n", fs.Name())
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
			return err
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// writeOut writes data to path (0600, refusing to overwrite) or, for "" or
// "-", to standard output.
func writeOut(e env, path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return usagef("%s already exists; not overwriting", path)
		}
		return usagef("%v", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

// readIn reads path, or standard input for "-".
func readIn(e env, path, what string) ([]byte, error) {
	if path == "" {
		return nil, usagef("missing --%s", what)
	}
	if path == "-" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, maxInput+1))
		if err != nil {
			return nil, usagef("%s: %v", what, err)
		}
		if len(b) > maxInput {
			return nil, usagef("%s: standard input is larger than %d bytes", what, maxInput)
		}
		return b, nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, usagef("%s: %v", what, err)
	}
	if fi.Size() > maxInput {
		return nil, usagef("%s: %s is larger than %d bytes", what, path, maxInput)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("%s: %v", what, err)
	}
	return b, nil
}

// replaceFile atomically replaces path with data (mode 0600), so a crash
// never leaves half a file.
func replaceFile(path string, data []byte) error { return atomicfile.Write(path, data, 0o600) }

// removeFile deletes a file this command wrote and must withdraw.
func removeFile(path string) { os.Remove(path) }
