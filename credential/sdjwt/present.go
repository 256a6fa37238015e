package sdjwt

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// Select returns the SD-JWT the Holder presents: the same Issuer-signed JWT
// with only the Disclosures needed for the claims at paths (RFC 9901 §7.2,
// "Decide which Disclosures to release").
//
// A path names a claim as the Holder sees it with every Disclosure applied:
// object members by name, array elements by their index among the elements
// the Holder can see (decoys do not count), "*" for every element of an
// array. Selecting a claim discloses it whole, with everything below it;
// to reveal only part of an object, select its members. The Disclosures of
// the claims a selected claim is nested in come along, as §4.2.6 requires
// ("the SD-JWT MUST include any other disclosure objects necessary to
// process the first disclosure object"). Nothing selected gives an SD-JWT
// with no Disclosures. Select does not verify anything: the Holder runs
// VerifyIssuance when the SD-JWT arrives.
func (s *SDJWT) Select(paths [][]string) (*SDJWT, error) {
	if s.kbJWT != "" {
		return nil, ErrUnexpectedKeyBinding
	}
	hashAlg, err := s.hashAlg()
	if err != nil {
		return nil, err
	}
	sel := &selector{
		byDigest: make(map[string]int, len(s.disclosures)),
		ds:       s.disclosures,
		need:     make([]bool, len(s.disclosures)),
		whole:    make([]bool, len(s.disclosures)),
	}
	for i, d := range s.disclosures {
		sel.byDigest[digest(hashAlg, d.encoded)] = i
	}
	for _, p := range paths {
		if len(p) == 0 {
			return nil, fmt.Errorf("%w: empty path", ErrInvalidPath)
		}
		if err := sel.path(s.payload, p, 0); err != nil {
			return nil, err
		}
	}
	// §7.2 step 3: "Assemble the SD-JWT, including the Issuer-signed JWT and
	// the selected Disclosures". Serialization order is kept.
	out := &SDJWT{jwt: s.jwt, token: s.token, payload: s.payload}
	var b strings.Builder
	b.WriteString(s.jwt)
	b.WriteByte('~')
	for i, d := range s.disclosures {
		if sel.need[i] {
			out.disclosures = append(out.disclosures, d)
			b.WriteString(d.encoded)
			b.WriteByte('~')
		}
	}
	out.sdPart = b.String()
	return out, nil
}

type selector struct {
	byDigest map[string]int
	ds       []*Disclosure
	need     []bool // the Disclosure is presented
	whole    []bool // its value was already disclosed whole
}

// digestOf returns the Disclosure an embedded digest refers to, if the
// Holder has it.
func (sel *selector) digestOf(v any) (int, bool) {
	dg, ok := v.(string)
	if !ok {
		return 0, false
	}
	i, ok := sel.byDigest[dg]
	return i, ok
}

// elements lists the array elements the Holder can see, with the index of
// the Disclosure each comes from (-1 for a permanently disclosed one).
func (sel *selector) elements(a []any) (vals []any, from []int) {
	for _, e := range a {
		if obj, ok := e.(map[string]any); ok && len(obj) == 1 {
			if dv, has := obj["..."]; has {
				if i, ok := sel.digestOf(dv); ok && !sel.ds[i].hasName {
					vals, from = append(vals, sel.ds[i].value), append(from, i)
				}
				continue
			}
		}
		vals, from = append(vals, e), append(from, -1)
	}
	return vals, from
}

func (sel *selector) path(v any, p []string, depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("%w: path deeper than %d", ErrLimit, MaxDepth)
	}
	if len(p) == 0 {
		sel.subtree(v, depth)
		return nil
	}
	seg, rest := p[0], p[1:]
	switch c := v.(type) {
	case map[string]any:
		if seg != "_sd" && seg != "..." && seg != "_sd_alg" {
			if m, ok := c[seg]; ok {
				return sel.path(m, rest, depth+1)
			}
		}
		if sd, ok := c["_sd"].([]any); ok {
			for _, e := range sd {
				if i, ok := sel.digestOf(e); ok && sel.ds[i].hasName && sel.ds[i].name == seg {
					sel.need[i] = true
					return sel.path(sel.ds[i].value, rest, depth+1)
				}
			}
		}
		return fmt.Errorf("%w: no claim %q", ErrInvalidPath, seg)
	case []any:
		vals, from := sel.elements(c)
		pick := func(k int) error {
			if from[k] >= 0 {
				sel.need[from[k]] = true
			}
			return sel.path(vals[k], rest, depth+1)
		}
		if seg == "*" {
			for k := range vals {
				if err := pick(k); err != nil {
					return err
				}
			}
			return nil
		}
		k, err := strconv.Atoi(seg)
		if err != nil || k < 0 || k >= len(vals) || strconv.Itoa(k) != seg {
			return fmt.Errorf("%w: no element %q", ErrInvalidPath, seg)
		}
		return pick(k)
	}
	return fmt.Errorf("%w: %q is below a value that is not an object or array", ErrInvalidPath, seg)
}

// subtree selects every Disclosure below v.
func (sel *selector) subtree(v any, depth int) {
	if depth > MaxDepth {
		return
	}
	visit := func(i int) {
		sel.need[i] = true
		// A Disclosure referenced twice (which Verify would reject anyway)
		// is walked once, so crafted input cannot make this exponential.
		if !sel.whole[i] {
			sel.whole[i] = true
			sel.subtree(sel.ds[i].value, depth+1)
		}
	}
	switch c := v.(type) {
	case map[string]any:
		for k, e := range c {
			if k != "_sd" {
				sel.subtree(e, depth+1)
			}
		}
		if sd, ok := c["_sd"].([]any); ok {
			for _, e := range sd {
				if i, ok := sel.digestOf(e); ok && sel.ds[i].hasName {
					visit(i)
				}
			}
		}
	case []any:
		vals, from := sel.elements(c)
		for k := range vals {
			if from[k] >= 0 {
				visit(from[k])
			} else {
				sel.subtree(vals[k], depth+1)
			}
		}
	}
}

// Present returns the SD-JWT+KB for one Verifier (RFC 9901 §7.2 step 5):
// s (normally the result of Select) followed by a Key Binding JWT (§4.3)
// signed by holder, with typ kb+jwt, iat, aud, nonce and sd_hash over s
// (§4.3.1) with the _sd_alg of s. holder must hold the key in cnf.
func (s *SDJWT) Present(holder keys.Signer, aud, nonce string, iat time.Time) (string, error) {
	if s.kbJWT != "" {
		return "", ErrUnexpectedKeyBinding
	}
	if holder == nil || aud == "" || nonce == "" || iat.IsZero() {
		return "", fmt.Errorf("%w: holder, aud, nonce and iat are required", ErrInvalidOptions)
	}
	hashAlg, err := s.hashAlg()
	if err != nil {
		return "", err
	}
	// The Verifier will check the Key Binding JWT against cnf (§4.3.2);
	// failing here tells the Holder which key to use.
	if _, ok := s.payload["cnf"]; !ok {
		return "", fmt.Errorf("%w: the sd-jwt has no cnf claim", ErrNoHolderKey)
	}
	cnf, err := holderKey(s.payload)
	if err != nil {
		return "", err
	}
	if !cnf.Equal(holder.Public()) {
		return "", ErrHolderKeyMismatch
	}
	claims := struct {
		Nonce  string `json:"nonce"`
		Aud    string `json:"aud"`
		Iat    int64  `json:"iat"`
		SDHash string `json:"sd_hash"`
	}{nonce, aud, iat.Unix(), digest(hashAlg, s.sdPart)}
	raw, err := marshalJSON(claims)
	if err != nil {
		return "", fmt.Errorf("sdjwt: encode key binding jwt: %w", err)
	}
	kb, err := jws.Sign(holder, jws.Header{Typ: "kb+jwt"}, raw)
	if err != nil {
		return "", err
	}
	return s.sdPart + kb, nil
}
