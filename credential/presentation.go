package credential

import "slices"

// Presentation is a presentation in the Verifiable Credentials Data Model
// v2.0 (§4.13). Its verifiableCredential items are credentials or, as
// VC-JOSE-COSE §3.1.2 requires for vp+jwt, EnvelopedVerifiableCredential
// objects (see Credential.IsEnveloped and NewEnveloped).
type Presentation struct {
	Context              []Context
	ID                   string
	Type                 []string
	Holder               Issuer // a URL or an object with a URL id, like an issuer
	VerifiableCredential []*Credential
	TermsOfUse           []map[string]any
	Proof                any
	Extensions           map[string]any

	scalars scalarSet
}

// HasType reports whether t is one of p's types.
func (p *Presentation) HasType(t string) bool { return slices.Contains(p.Type, t) }

// ParsePresentation decodes a presentation from JSON with the strictness of
// ParseCredential. It does not check the data model's rules: call Check.
func ParsePresentation(data []byte) (*Presentation, error) {
	p := &Presentation{}
	if err := decodeDocument(data, p.decode); err != nil {
		return nil, err
	}
	return p, nil
}

// UnmarshalJSON decodes like ParsePresentation.
func (p *Presentation) UnmarshalJSON(data []byte) error {
	d, err := ParsePresentation(data)
	if err != nil {
		return err
	}
	*p = *d
	return nil
}

func (p *Presentation) decode(r *reader) error {
	var err error
	return r.Object(func(name []byte) error {
		switch string(name) {
		case "@context":
			err = decodeContext(r, &p.Context, &p.scalars)
		case "id":
			p.ID, err = r.str(ErrIDNotURL, "id")
			p.scalars |= hasID
		case "type":
			p.Type, err = r.types(&p.scalars, scType, "type")
		case "holder":
			p.Holder, err = r.issuer(ErrHolderNotURL, "holder")
			p.scalars |= scHolder
		case "verifiableCredential":
			err = p.decodeCredentials(r)
		case "termsOfUse":
			p.TermsOfUse, err = r.objects(&p.scalars, scTerms, ErrTermsOfUseType, "termsOfUse")
		case "proof":
			p.Proof, err = r.Value()
		default:
			err = r.extension(&p.Extensions, name)
		}
		return err
	})
}

func (p *Presentation) decodeCredentials(r *reader) error {
	p.VerifiableCredential = []*Credential{}
	scalar, err := r.oneOrMany(func(i int) error {
		// §4.13: "the values MUST NOT be non-object values such as numbers,
		// strings, or URLs".
		if r.Peek() != '{' {
			return kindErr(ErrVerifiableCredential, idx("verifiableCredential", i), r)
		}
		c := &Credential{}
		err := c.decode(r)
		p.VerifiableCredential = append(p.VerifiableCredential, c)
		if err != nil {
			return prefixErr(err, idx("verifiableCredential", i))
		}
		return nil
	})
	if scalar {
		p.scalars |= scVC
	}
	return err
}

// MarshalJSON encodes p with its members in the order of VCDM 2.0 §4.13,
// then the rest sorted by name.
func (p Presentation) MarshalJSON() ([]byte, error) {
	w := &writer{buf: make([]byte, 0, 1024)}
	w.raw("{")
	first := true
	if p.Context != nil {
		w.member(&first, "@context")
		writeContext(w, p.Context, p.scalars)
	}
	if p.scalars.has(hasID, p.ID) {
		w.member(&first, "id")
		w.str(p.ID)
	}
	if p.Type != nil {
		w.member(&first, "type")
		writeStrings(w, p.Type, p.scalars.many(scType, len(p.Type)))
	}
	if p.scalars&scHolder != 0 || p.Holder.ID != "" || p.Holder.IsObject() {
		w.member(&first, "holder")
		writeIssuer(w, p.Holder)
	}
	if p.VerifiableCredential != nil {
		w.member(&first, "verifiableCredential")
		many := p.scalars.many(scVC, len(p.VerifiableCredential))
		if many {
			w.raw("[")
		}
		for i, c := range p.VerifiableCredential {
			if i > 0 {
				w.raw(",")
			}
			if c == nil {
				w.raw("{}")
				continue
			}
			c.write(w)
		}
		if many {
			w.raw("]")
		}
	}
	if p.TermsOfUse != nil {
		w.member(&first, "termsOfUse")
		writeObjects(w, p.TermsOfUse, p.scalars.many(scTerms, len(p.TermsOfUse)))
	}
	if p.Proof != nil {
		w.member(&first, "proof")
		w.value(p.Proof)
	}
	w.members(p.Extensions, first)
	w.raw("}")
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}
