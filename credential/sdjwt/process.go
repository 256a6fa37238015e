package sdjwt

import (
	"fmt"
	"slices"
)

// processor runs RFC 9901 §7.1 step 3 (with the checks of steps 4 and 5)
// over an Issuer-signed JWT payload and a set of Disclosures. It builds the
// Processed SD-JWT Payload as new maps and slices and never modifies the
// decoded payload or Disclosures, which stay shared by the SDJWT.
type processor struct {
	disclosures []*Disclosure
	digests     []string       // digest of each Disclosure
	byDigest    map[string]int // digest -> index, when there are many
	used        []bool
	seen        []string // every digest met, decoys included
	// topDisclosed lists the claim names inserted at the top level of the
	// payload from Disclosures (the SD-JWT VC rules forbid some of them).
	topDisclosed []string
}

func newProcessor(hashAlg string, ds []*Disclosure) (*processor, error) {
	p := &processor{
		disclosures: ds,
		digests:     make([]string, len(ds)),
		used:        make([]bool, len(ds)),
		seen:        make([]string, 0, 2*len(ds)+8),
	}
	if len(ds) > linearLookup {
		p.byDigest = make(map[string]int, len(ds))
	}
	// RFC 9901 §7.1 step 3.1: "For each Disclosure provided: Calculate the
	// digest over the base64url-encoded string as described in Section
	// 4.2.3."
	for i, d := range ds {
		dg := digest(hashAlg, d.encoded)
		// §4: "A Holder MUST NOT send ... a Disclosure more than once."
		if j, dup := p.find(dg); dup {
			return nil, fmt.Errorf("%w: disclosures %d and %d", ErrDuplicateDisclosure, j, i)
		}
		p.digests[i] = dg
		if p.byDigest != nil {
			p.byDigest[dg] = i
		}
	}
	return p, nil
}

// linearLookup is the number of Disclosures up to which a digest is looked
// up by a scan rather than a map: cheaper for the few of a presentation.
const linearLookup = 16

func (p *processor) find(dg string) (int, bool) {
	if p.byDigest != nil {
		i, ok := p.byDigest[dg]
		return i, ok
	}
	for i, d := range p.digests {
		if d == dg {
			return i, true
		}
	}
	return 0, false
}

// run processes the payload and checks that every Disclosure was used.
func (p *processor) run(payload map[string]any) (map[string]any, error) {
	out, err := p.object(payload, 1, true)
	if err != nil {
		return nil, err
	}
	// §7.1 step 3.6: "Remove the claim _sd_alg from the SD-JWT payload."
	// (object drops the signed one; this drops one a Disclosure inserted.)
	delete(out, "_sd_alg")
	// §7.1 step 4 for the digests no Disclosure matched (decoys): a digest
	// that matched one was refused at its second use by lookup.
	slices.Sort(p.seen)
	for i := 1; i < len(p.seen); i++ {
		if p.seen[i] == p.seen[i-1] {
			return nil, fmt.Errorf("%w: %s", ErrDuplicateDigest, p.seen[i])
		}
	}
	// §7.1 step 5: "If any Disclosure was not referenced by digest value in
	// the Issuer-signed JWT (directly or recursively via other
	// Disclosures), the SD-JWT MUST be rejected."
	for i, u := range p.used {
		if !u {
			return nil, fmt.Errorf("%w: disclosure %d", ErrUnusedDisclosure, i)
		}
	}
	return out, nil
}

// lookup records an embedded digest and returns the index of its
// Disclosure, if one was provided.
func (p *processor) lookup(dg string) (int, bool, error) {
	if len(p.seen) >= MaxDigests {
		return 0, false, fmt.Errorf("%w: more than %d digests", ErrLimit, MaxDigests)
	}
	p.seen = append(p.seen, dg)
	i, ok := p.find(dg)
	if ok {
		// §7.1 step 4: "If any digest value is encountered more than once
		// in the Issuer-signed JWT payload (directly or recursively via
		// other Disclosures), the SD-JWT MUST be rejected." Checked here
		// for digests with a Disclosure, before it is inserted twice; run
		// checks the others once all are known.
		if p.used[i] {
			return 0, false, fmt.Errorf("%w: %s", ErrDuplicateDigest, dg)
		}
		p.used[i] = true
	}
	return i, ok, nil
}

func (p *processor) value(v any, depth int) (any, error) {
	switch t := v.(type) {
	case map[string]any:
		return p.object(t, depth, false)
	case []any:
		return p.array(t, depth)
	}
	return v, nil
}

// object is §7.1 step 3.2 (*) and 3.3 (**) for an object.
func (p *processor) object(m map[string]any, depth int, top bool) (map[string]any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w: processed payload nested deeper than %d", ErrLimit, MaxDepth)
	}
	out := make(map[string]any, len(m))
	var sd []any
	for k, v := range m {
		switch k {
		case "_sd":
			// §7.1 step 3.2.1: "Find all objects having an _sd key that
			// refers to an array of strings." §4.2.4.1: "The _sd key MUST
			// refer to an array of strings", and §4.1 rule 7 allows no other
			// use of _sd, so anything else is rejected, not skipped.
			arr, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("%w: _sd is a %T", ErrInvalidSDClaim, v)
			}
			for _, e := range arr {
				if _, ok := e.(string); !ok {
					return nil, fmt.Errorf("%w: _sd element is a %T", ErrInvalidSDClaim, e)
				}
			}
			// §7.1 step 3.5: "Remove all _sd keys and their contents".
			sd = arr
			continue
		case "...":
			// §4.1 rule 7: "..." only as the key of an array element digest.
			return nil, fmt.Errorf("%w: \"...\" key outside an array element", ErrInvalidArrayDigest)
		case "_sd_alg":
			if top {
				continue // §7.1 step 3.6: removed; checked by Verify (step 2.4)
			}
			// §4.1.1: "It MUST NOT be used in any object nested within the
			// payload."
			return nil, ErrSDAlgNotTopLevel
		}
		pv, err := p.value(v, depth+1)
		if err != nil {
			return nil, err
		}
		out[k] = pv
	}
	// §7.1 step 3.3: "(**) For each embedded digest found in the previous
	// step".
	for _, e := range sd {
		i, found, err := p.lookup(e.(string))
		if err != nil {
			return nil, err
		}
		// §7.1 step 3.3.1: "If no such Disclosure can be found, the digest
		// MUST be ignored." (a decoy, or a claim not disclosed)
		if !found {
			continue
		}
		d := p.disclosures[i]
		// §7.1 step 3.3.2.1: "If the contents of the respective Disclosure
		// is not a JSON array of three elements (salt, claim name, claim
		// value), the SD-JWT MUST be rejected."
		if !d.hasName {
			return nil, fmt.Errorf("%w: disclosure %d is an array element disclosure in an _sd key", ErrWrongDisclosureForm, i)
		}
		// §7.1 step 3.3.2.2: "If the claim name is _sd or ..., the SD-JWT
		// MUST be rejected."
		if d.name == "_sd" || d.name == "..." {
			return nil, fmt.Errorf("%w: disclosure %d names %q", ErrReservedClaimName, i, d.name)
		}
		// §7.1 step 3.3.2.3: "If the claim name already exists at the level
		// of the _sd key, the SD-JWT MUST be rejected."
		_, plain := m[d.name]
		_, inserted := out[d.name]
		if plain || inserted {
			return nil, fmt.Errorf("%w: %q (disclosure %d)", ErrClaimNameExists, d.name, i)
		}
		if d.name == "_sd_alg" && !top {
			return nil, ErrSDAlgNotTopLevel
		}
		// §7.1 step 3.3.2.4: "Insert, at the level of the _sd key, a new
		// claim using the claim name and claim value from the Disclosure."
		// §7.1 step 3.3.2.5: "Recursively process the value using the steps
		// described in (*) and (**)."
		pv, err := p.value(d.value, depth+1)
		if err != nil {
			return nil, err
		}
		out[d.name] = pv
		if top {
			p.topDisclosed = append(p.topDisclosed, d.name)
		}
	}
	return out, nil
}

// array is §7.1 step 3.2 (*) and 3.3 (**) for an array.
func (p *processor) array(a []any, depth int) ([]any, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%w: processed payload nested deeper than %d", ErrLimit, MaxDepth)
	}
	out := make([]any, 0, len(a))
	for _, e := range a {
		if obj, ok := e.(map[string]any); ok {
			if dv, has := obj["..."]; has {
				// §7.1 step 3.2.2: "Find all array elements that are objects
				// with one key, that key being ... and referring to a
				// string." §4.2.4.2: "There MUST NOT be any other keys in the
				// object."
				dg, isString := dv.(string)
				if len(obj) != 1 || !isString {
					return nil, fmt.Errorf("%w: {\"...\"} element with other keys or a non-string digest", ErrInvalidArrayDigest)
				}
				i, found, err := p.lookup(dg)
				if err != nil {
					return nil, err
				}
				// §7.1 step 3.4: "Remove all array elements for which the
				// digest was not found in the previous step."
				if !found {
					continue
				}
				d := p.disclosures[i]
				// §7.1 step 3.3.3.1: "If the contents of the respective
				// Disclosure is not a JSON array of two elements (salt,
				// value), the SD-JWT MUST be rejected."
				if d.hasName {
					return nil, fmt.Errorf("%w: disclosure %d is an object property disclosure in an array", ErrWrongDisclosureForm, i)
				}
				// §7.1 step 3.3.3.2: "Replace the array element with the
				// value from the Disclosure." Step 3.3.3.3: "Recursively
				// process the value using the steps described in (*) and
				// (**)."
				pv, err := p.value(d.value, depth+1)
				if err != nil {
					return nil, err
				}
				out = append(out, pv)
				continue
			}
		}
		pv, err := p.value(e, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, pv)
	}
	return out, nil
}
