package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/internal/strictjson"
	"github.com/cachet-district/cachet/keys"
)

// listState is an issuer's status list as the CLI keeps it between calls: the
// statuses (an OAuth Token Status List, draft-ietf-oauth-status-list §4) and
// which indexes were handed out, so no index is ever given twice.
type listState struct {
	URI  string `json:"uri"`
	Bits int    `json:"bits"`
	Lst  string `json:"lst"`
	Used string `json:"used"` // base64url of the allocator's used-index bitmap
}

type openList struct {
	path  string
	state listState
	list  *status.List
	alloc *status.Allocator
}

func loadList(e env, path string) (*openList, error) {
	b, err := readIn(e, path, "list")
	if err != nil {
		return nil, err
	}
	var st listState
	if err := strictjson.Unmarshal(b, &st); err != nil {
		return nil, usagef("list %s: %v", path, err)
	}
	tl, err := status.DecodeTokenList(st.Bits, st.Lst)
	if err != nil {
		return nil, usagef("list %s: %v", path, err)
	}
	l, err := status.NewListFromTokenList(tl)
	if err != nil {
		return nil, usagef("list %s: %v", path, err)
	}
	used, err := base64.RawURLEncoding.DecodeString(st.Used)
	if err != nil {
		return nil, usagef("list %s: used: %v", path, err)
	}
	a, err := status.ImportAllocator(l.Len(), used, nil)
	if err != nil {
		return nil, usagef("list %s: %v", path, err)
	}
	return &openList{path: path, state: st, list: l, alloc: a}, nil
}

// bytes encodes the list's current state.
func (o *openList) bytes() ([]byte, error) {
	enc, err := o.list.EncodeTokenList()
	if err != nil {
		return nil, err
	}
	o.state.Bits, o.state.Lst = enc.Bits, enc.Lst
	o.state.Used = base64.RawURLEncoding.EncodeToString(o.alloc.Export())
	b, err := json.MarshalIndent(o.state, "", "  ")
	return append(b, '\n'), err
}

func (o *openList) save() error {
	b, err := o.bytes()
	if err != nil {
		return err
	}
	return replaceFile(o.path, b)
}

// statusNew: cachet status new --uri URL [--size N] [--bits B] --out FILE
func statusNew(e env, args []string) error {
	fs := newFlags(e, "status new")
	uri := fs.String("uri", "", "the https URL where the signed status list will be published (the sub of the token)")
	size := fs.Int("size", 131072, "number of entries (131,072 or more keeps each credential in a large herd)")
	bits := fs.Int("bits", 2, "bits per status: 1 (valid/revoked) or 2 (adds suspended), 4 or 8")
	out := fs.String("out", "", "file to write the list state to (never overwritten)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if u, err := url.Parse(*uri); err != nil || u.Scheme != "https" || u.Host == "" {
		return usagef("--uri must be an https URL, got %q", *uri)
	}
	if *out == "" {
		return usagef("missing --out")
	}
	l, err := status.NewList(*size, *bits)
	if err != nil {
		return usagef("%v", err)
	}
	a, err := status.NewAllocator(*size, nil)
	if err != nil {
		return usagef("%v", err)
	}
	o := &openList{state: listState{URI: *uri}, list: l, alloc: a}
	b, err := o.bytes()
	if err != nil {
		return err
	}
	if err := writeOut(e, *out, b); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "new status list of %d entries (%d bits each) for %s in %s\n", *size, *bits, *uri, *out)
	return nil
}

// statusNames maps the names the CLI accepts to Token Status List values
// (draft-ietf-oauth-status-list §7.1).
var statusNames = map[string]status.StatusType{
	"valid":     status.StatusValid,
	"revoked":   status.StatusInvalid,
	"invalid":   status.StatusInvalid,
	"suspended": status.StatusSuspended,
}

// statusSet: cachet status set --list FILE --index N --status valid|revoked|suspended
func statusSet(e env, args []string) error {
	fs := newFlags(e, "status set")
	path := fs.String("list", "", "list state file (from status new)")
	index := fs.Int("index", -1, "the credential's index in the list")
	name := fs.String("status", "", "valid, revoked or suspended")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	v, ok := statusNames[*name]
	if !ok {
		return usagef("--status must be valid, revoked or suspended, got %q", *name)
	}
	o, err := loadList(e, *path)
	if err != nil {
		return err
	}
	if *index < 0 || *index >= o.list.Len() {
		return usagef("--index %d is outside the list (0 to %d)", *index, o.list.Len()-1)
	}
	if !o.alloc.IsUsed(*index) {
		return usagef("--index %d was never given to a credential", *index)
	}
	if err := o.list.Set(*index, uint8(v)); err != nil {
		return usagef("%v", err)
	}
	if err := o.save(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "index %d is now %s\n", *index, *name)
	return nil
}

// statusPublish: cachet status publish --list FILE --key KEY [--ttl D] [--valid D] --out FILE
func statusPublish(e env, args []string) error {
	fs := newFlags(e, "status publish")
	path := fs.String("list", "", "list state file")
	keyPath := fs.String("key", "", "the issuer's private JWK")
	ttl := fs.Duration("ttl", time.Hour, "how long verifiers may cache the list (ttl)")
	valid := fs.Duration("valid", 24*time.Hour, "how long the signed list is valid (exp - iat)")
	out := fs.String("out", "", "file to write the statuslist+jwt to; - for standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing --out")
	}
	if *ttl <= 0 || *valid <= 0 {
		return usagef("--ttl and --valid must be positive")
	}
	o, err := loadList(e, *path)
	if err != nil {
		return err
	}
	k, err := loadPrivateKey(e, *keyPath, "key", keys.RoleIssuer)
	if err != nil {
		return err
	}
	did, kid, err := didKeyOf(k.Public())
	if err != nil {
		return err
	}
	enc, err := o.list.EncodeTokenList()
	if err != nil {
		return err
	}
	now := e.now().UTC().Truncate(time.Second)
	tok, err := status.SignStatusListToken(k, kid, status.TokenClaims{
		Issuer: did, Subject: o.state.URI, IssuedAt: now, Expiry: now.Add(*valid), TTL: *ttl, StatusList: enc,
	})
	if err != nil {
		return err
	}
	return writeOut(e, *out, []byte(tok+"\n"))
}

// statusCheck: cachet status check --token FILE --index N [--uri URL]
func statusCheck(e env, args []string) error {
	fs := newFlags(e, "status check")
	tokPath := fs.String("token", "", "a statuslist+jwt file")
	index := fs.Int("index", -1, "the index to look up")
	uri := fs.String("uri", "", "the URI the credential names (defaults to the token's sub)")
	issuer := fs.String("issuer", "", "the DID whose list this must be (defaults to the token's iss)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	b, err := readIn(e, *tokPath, "token")
	if err != nil {
		return err
	}
	if *index < 0 {
		return usagef("missing --index")
	}
	tl, err := verifyStatusToken(e, strings.TrimSpace(string(b)), *uri, *issuer)
	if err != nil {
		return err
	}
	st, err := tl.Status(uint64(*index))
	if err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintf(e.stdout, "index %d: %s\n", *index, st)
	return nil
}

// verifyStatusToken parses a Status List Token and verifies it for uri (its
// sub when empty) with the key its kid names, which must be a key of issuer
// (the credential's issuer; for a standalone check, the token's own iss): a
// list signed by any other key is a forgery.
func verifyStatusToken(e env, compact, uri, issuer string) (*status.TokenList, error) {
	t, err := status.ParseStatusListToken(compact)
	if err != nil {
		return nil, usagef("status list token: %v", err)
	}
	if uri == "" {
		uri = t.Subject
	}
	if issuer == "" {
		if issuer = t.Issuer; issuer == "" {
			return nil, usagef("the status list token names no issuer: pass --issuer DID")
		}
	}
	pub, err := resolveKid(t.Header.Kid, issuer)
	if err != nil {
		return nil, &verifyError{fmt.Errorf("status list signer: %w", err)}
	}
	tl, err := t.Verify(pub, keys.Algorithms(), e.now(), uri)
	if err != nil {
		return nil, &verifyError{err}
	}
	return tl, nil
}

var errNoKid = errors.New("no kid in the header")
