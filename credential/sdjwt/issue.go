package sdjwt

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// IssueOptions tune issuance. The zero value issues with sha-256, 1 to
// DefaultMaxDecoys decoys per _sd array and crypto/rand.
type IssueOptions struct {
	// Hash is the _sd_alg (RFC 9901 §4.1.1): sha-256 (default), sha-384 or
	// sha-512. The payload always names it explicitly.
	Hash string
	// Decoys bounds the decoy digests (RFC 9901 §4.2.5) added to each _sd
	// array: a uniformly random count in [1, Decoys]. Zero means
	// DefaultMaxDecoys; a negative value adds none. Arrays get no decoy
	// elements.
	Decoys int
	// Rand is the source of salts and decoys; nil means crypto/rand. Only
	// tests set it, to make issuance reproducible.
	Rand io.Reader
}

// Issue signs claims as an SD-JWT (RFC 9901 §4) with every Disclosure
// included, ready for the Holder.
//
// Each entry of disclosable is a path to a claim made selectively
// disclosable: object members by name, array elements by decimal index
// ("0", "1", ...) or "*" for every element of the array. ["address"] makes
// the whole address one Disclosure (§6.1); ["address", "region"] makes one
// member of it disclosable (§6.2); both together give recursive Disclosures
// (§6.3, §4.2.6). ["nationalities", "*"] hides each element of an array
// (§4.2.2). Paths that repeat are merged; a path that names no claim is
// ErrInvalidPath. The claims _sd, "..." and _sd_alg may not be used.
// claims is not modified; any value encoding/json can encode may be used.
func Issue(s keys.Signer, h jws.Header, claims map[string]any, disclosable [][]string, o IssueOptions) (*SDJWT, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: no signer", ErrInvalidOptions)
	}
	if o.Hash == "" {
		o.Hash = SHA256
	}
	if !supportedHash(o.Hash) {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedHashAlg, o.Hash)
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	if o.Decoys == 0 {
		o.Decoys = DefaultMaxDecoys
	}
	root, err := normalize(claims)
	if err != nil {
		return nil, err
	}
	if err := checkReserved(root); err != nil {
		return nil, err
	}
	t := &pathTree{}
	for _, p := range disclosable {
		if len(p) == 0 {
			return nil, fmt.Errorf("%w: empty path", ErrInvalidPath)
		}
		t.add(p)
	}
	is := &issuer{o: o}
	out, err := is.transform(root, t, nil)
	if err != nil {
		return nil, err
	}
	payload := out.(map[string]any)
	// §4.1.1: _sd_alg "MUST appear at the top level of the SD-JWT payload".
	payload["_sd_alg"] = o.Hash
	raw, err := marshalJSON(payload)
	if err != nil {
		return nil, fmt.Errorf("sdjwt: encode payload: %w", err)
	}
	compact, err := jws.Sign(s, h, raw)
	if err != nil {
		return nil, err
	}
	// §4: "<Issuer-signed JWT>~<Disclosure 1>~...~<Disclosure N>~"
	n := len(compact) + 1
	for _, d := range is.disclosures {
		n += len(d.encoded) + 1
	}
	buf := make([]byte, 0, n)
	buf = append(buf, compact...)
	buf = append(buf, '~')
	for _, d := range is.disclosures {
		buf = append(buf, d.encoded...)
		buf = append(buf, '~')
	}
	return Parse(string(buf))
}

// normalize deep-copies claims into the generic JSON form (map[string]any,
// []any, string, bool, nil, json.Number) by an encoding/json round trip.
func normalize(claims map[string]any) (map[string]any, error) {
	if claims == nil {
		return map[string]any{}, nil
	}
	raw, err := json.Marshal(claims)
	if err != nil {
		return nil, fmt.Errorf("sdjwt: encode claims: %w", err)
	}
	m, err := decodeObject(raw)
	if err != nil {
		return nil, fmt.Errorf("sdjwt: claims: %w", err)
	}
	return m, nil
}

// checkReserved refuses claim names RFC 9901 reserves: _sd and "..." (§4.1
// rule 7, §4.2.1) anywhere, and _sd_alg (§4.1.1), which Issue sets itself.
func checkReserved(v any) error {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if k == "_sd" || k == "..." || k == "_sd_alg" {
				return fmt.Errorf("%w: claim %q", ErrReservedClaimName, k)
			}
			if err := checkReserved(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := checkReserved(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// pathTree is the set of disclosable paths as a trie.
type pathTree struct {
	sd       bool // the claim at this path is selectively disclosable
	children map[string]*pathTree
}

func (t *pathTree) add(path []string) {
	n := t
	for _, seg := range path {
		if n.children == nil {
			n.children = map[string]*pathTree{}
		}
		c, ok := n.children[seg]
		if !ok {
			c = &pathTree{}
			n.children[seg] = c
		}
		n = c
	}
	n.sd = true
}

// merge returns the union of two tries (for an array element named both by
// its index and by "*").
func merge(a, b *pathTree) *pathTree {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	m := &pathTree{sd: a.sd || b.sd, children: map[string]*pathTree{}}
	for k, c := range a.children {
		m.children[k] = c
	}
	for k, c := range b.children {
		m.children[k] = merge(m.children[k], c)
	}
	return m
}

func sortedKeys(m map[string]*pathTree) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

type issuer struct {
	o           IssueOptions
	disclosures []*Disclosure
}

// transform makes the claims below v selectively disclosable as t says,
// children first, so that a disclosable object's Disclosure carries the
// digests of its own disclosable members (recursive Disclosures, §4.2.6).
func (is *issuer) transform(v any, t *pathTree, at []string) (any, error) {
	if t == nil || len(t.children) == 0 {
		return v, nil
	}
	switch c := v.(type) {
	case map[string]any:
		var sd []string
		for _, name := range sortedKeys(t.children) {
			sub := t.children[name]
			member, ok := c[name]
			if !ok {
				return nil, fmt.Errorf("%w: %q has no member %q", ErrInvalidPath, at, name)
			}
			nv, err := is.transform(member, sub, append(at, name))
			if err != nil {
				return nil, err
			}
			if !sub.sd {
				c[name] = nv
				continue
			}
			// §4.2.1: [salt, claim name, claim value].
			d, err := is.disclose(name, true, nv)
			if err != nil {
				return nil, err
			}
			delete(c, name)
			sd = append(sd, digest(is.o.Hash, d.encoded))
		}
		if len(sd) > 0 {
			// §4.2.5: decoy digests "hashing over a cryptographically secure
			// random number".
			n, err := is.decoyCount()
			if err != nil {
				return nil, err
			}
			for range n {
				var r [32]byte
				if _, err := io.ReadFull(is.o.Rand, r[:]); err != nil {
					return nil, fmt.Errorf("sdjwt: random: %w", err)
				}
				sd = append(sd, digestBytes(is.o.Hash, r[:]))
			}
			// §4.2.4.1: "The Issuer MUST hide the original order of the
			// claims in the array. To ensure this, it is RECOMMENDED to
			// shuffle the array of hashes, e.g., by sorting it".
			sort.Strings(sd)
			arr := make([]any, len(sd))
			for i, s := range sd {
				arr[i] = s
			}
			c["_sd"] = arr
		}
		return c, nil
	case []any:
		for name := range t.children {
			if name == "*" {
				continue
			}
			i, err := strconv.Atoi(name)
			if err != nil || i < 0 || i >= len(c) || strconv.Itoa(i) != name {
				return nil, fmt.Errorf("%w: %q has no element %q", ErrInvalidPath, at, name)
			}
		}
		for i := range c {
			sub := merge(t.children[strconv.Itoa(i)], t.children["*"])
			if sub == nil {
				continue
			}
			nv, err := is.transform(c[i], sub, append(at, strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			if !sub.sd {
				c[i] = nv
				continue
			}
			// §4.2.2: [salt, value]; §4.2.4.2: replaced by {"...": digest}.
			d, err := is.disclose("", false, nv)
			if err != nil {
				return nil, err
			}
			c[i] = map[string]any{"...": digest(is.o.Hash, d.encoded)}
		}
		return c, nil
	}
	return nil, fmt.Errorf("%w: %q is not an object or array", ErrInvalidPath, at)
}

func (is *issuer) disclose(name string, hasName bool, v any) (*Disclosure, error) {
	// §4.2.1: the salt "MUST be unique for each claim"; §9.3: 128 bits of
	// cryptographically secure random data, base64url-encoded.
	var r [saltSize]byte
	if _, err := io.ReadFull(is.o.Rand, r[:]); err != nil {
		return nil, fmt.Errorf("sdjwt: random: %w", err)
	}
	d, err := newDisclosure(b64.EncodeToString(r[:]), name, hasName, v)
	if err != nil {
		return nil, err
	}
	is.disclosures = append(is.disclosures, d)
	return d, nil
}

func (is *issuer) decoyCount() (int, error) {
	if is.o.Decoys < 0 {
		return 0, nil
	}
	var b [1]byte
	if _, err := io.ReadFull(is.o.Rand, b[:]); err != nil {
		return 0, fmt.Errorf("sdjwt: random: %w", err)
	}
	return 1 + int(b[0])%is.o.Decoys, nil
}
