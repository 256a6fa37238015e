package didmethod

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cachet-district/cachet/keys"
)

// Resource is the result of DID URL dereferencing (DID Resolution v0.3
// §"DID URL Dereferencing"): the contentStream, which is exactly one of a
// DID document, a verification method or a service, and the
// contentMetadata, which is the resolved document's metadata. Returned
// verification methods and services are copies whose relative ids
// ("#key-1") are made absolute.
type Resource struct {
	Document           *Document
	VerificationMethod *VerificationMethod
	Service            *Service
	// ServiceEndpointURL is the output service endpoint URL when the DID
	// URL selects a service with the service parameter and that service's
	// endpoint is a single HTTP(S) URI (v0.3 §"Service Endpoint
	// Construction").
	ServiceEndpointURL string
	Metadata           DocumentMetadata
}

// Dereference dereferences a DID URL with r, following DID Resolution v0.3
// §"DID URL Dereferencing" §"Algorithm":
//
//   - a DID alone, or with only the versionId and versionTime parameters,
//     gives the DID document;
//   - a fragment gives the verification method or service whose id, made
//     absolute against the document id, is the DID URL without its query;
//   - the service parameter (with relativeRef and fragment) gives the
//     service and, for a single HTTP(S) endpoint, the constructed URL;
//   - any other path or query is notFound: neither DID Core nor the
//     methods Cachet supports define it.
//
// The hl parameter is not supported (ErrUnsupportedParameter): this
// package cannot check a hashlink over a document it did not fetch as
// bytes. Failures are *ResolutionError values with the dereferencing error
// code.
func Dereference(ctx context.Context, r Resolver, didURL string) (*Resource, error) {
	// Step 1: "Validate that the input DID URL conforms to the did-url rule
	// of the DID URL Syntax. If not ... invalidDidUrl".
	u, err := ParseURL(didURL)
	if err != nil {
		return nil, NewResolutionError(CodeInvalidDIDURL, didURL, err)
	}
	if u.Params.HL != "" {
		return nil, fmt.Errorf("%w: hl", ErrUnsupportedParameter)
	}
	// Step 2: "Obtain the DID document for the input DID by executing the
	// DID resolution algorithm ... All DID parameters of the input DID URL
	// MUST be passed as resolution options".
	res, err := resolveChecked(ctx, r, u.DID, u.ResolutionOptions())
	if err != nil {
		return nil, err
	}
	doc := res.Document
	out := &Resource{Metadata: res.DocumentMetadata}
	switch {
	case u.Params.Service != "":
		// Step 5: "select the service endpoint whose id property contains
		// a fragment which matches the value of the service DID parameter".
		s := doc.serviceByFragment(u.Params.Service)
		if s == nil {
			return nil, NewResolutionError(CodeNotFound, didURL, fmt.Errorf("no service %q", u.Params.Service))
		}
		out.Service = s
		if out.ServiceEndpointURL, err = endpointURL(s, u.Params.RelativeRef, u.Fragment); err != nil {
			return nil, NewResolutionError(CodeInvalidDIDURL, didURL, err)
		}
		return out, nil
	case u.Path != "" || !OnlyResolutionParams(u.Query):
		// Steps 6-7: a path or query this algorithm cannot dereference is
		// notFound.
		return nil, NewResolutionError(CodeNotFound, didURL, errors.New("path or query not supported"))
	case u.Fragment == "":
		// Step 4: no path and no query: the resolved DID document.
		out.Document = doc
		return out, nil
	}
	// §"Dereferencing the Fragment": for a DID document the fragment is
	// treated by the rules of its JSON-LD media type: it names the node of
	// the document with that id.
	target := u.DID.String() + "#" + u.Fragment
	if m := doc.methodByID(target); m != nil {
		out.VerificationMethod = m
		return out, nil
	}
	if s := doc.serviceByID(target); s != nil {
		out.Service = s
		return out, nil
	}
	return nil, NewResolutionError(CodeNotFound, didURL, errors.New("no verification method or service with this id"))
}

// VerificationKey returns the public key of the verification method that
// didURL (for example a JWS "kid" such as "did:key:z6Mk...#z6Mk...") names,
// after checking that the DID document authorizes that method for the
// verification relationship rel (DID Core §5.3): it is referenced from rel,
// or embedded in rel. A key listed only under authentication does not
// verify an assertion. A deactivated DID's keys verify nothing.
//
// The versionId and versionTime parameters of didURL are passed to the
// resolver. VerificationKey does not know whose key the caller expects: a
// verifier checks that the DID of didURL is the credential's issuer (or the
// holder it expects) before trusting the key.
func VerificationKey(ctx context.Context, r Resolver, didURL string, rel Relationship) (*keys.PublicKey, *VerificationMethod, error) {
	if !rel.Valid() {
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownRelationship, rel)
	}
	u, err := ParseURL(didURL)
	if err != nil {
		return nil, nil, NewResolutionError(CodeInvalidDIDURL, didURL, err)
	}
	if u.Fragment == "" || u.Path != "" || !OnlyResolutionParams(u.Query) {
		return nil, nil, fmt.Errorf("%w: %q", ErrNotVerificationMethod, didURL)
	}
	res, err := resolveChecked(ctx, r, u.DID, u.ResolutionOptions())
	if err != nil {
		return nil, nil, err
	}
	m, err := res.Document.MethodFor(rel, u.DID.String()+"#"+u.Fragment)
	if err != nil {
		return nil, nil, err
	}
	pub, err := m.PublicKey()
	if err != nil {
		return nil, nil, err
	}
	return pub, m, nil
}

// MethodFor returns (a copy of) the verification method with the given id
// (absolute, or relative "#fragment") if the document authorizes it for
// relationship rel: rel references it, or embeds it. DID Core §5.3: a
// verification relationship "expresses the relationship between the DID
// subject and a verification method"; a method the document lists but does
// not name in rel is not authorized for rel (ErrNotAuthorized). An id the
// document does not hold is ErrNotFound.
func (d *Document) MethodFor(rel Relationship, id string) (*VerificationMethod, error) {
	id = d.AbsoluteID(id)
	m := d.methodByID(id)
	if m == nil {
		return nil, NewResolutionError(CodeNotFound, id, errors.New("no verification method with this id"))
	}
	for _, e := range d.Relationship(rel) {
		if e.Method != nil && d.AbsoluteID(e.Method.ID) == id || e.Method == nil && d.AbsoluteID(e.Ref) == id {
			return m, nil
		}
	}
	return nil, fmt.Errorf("%w: %s is not in %s", ErrNotAuthorized, id, rel)
}

// methodByID finds a verification method by absolute id in
// verificationMethod or embedded in a relationship, and returns a copy with
// an absolute id.
func (d *Document) methodByID(id string) *VerificationMethod {
	found := func(m *VerificationMethod) *VerificationMethod {
		c := *m
		c.ID = d.AbsoluteID(m.ID)
		return &c
	}
	for i := range d.VerificationMethod {
		if d.AbsoluteID(d.VerificationMethod[i].ID) == id {
			return found(&d.VerificationMethod[i])
		}
	}
	for _, r := range Relationships() {
		for _, e := range d.Relationship(r) {
			if e.Method != nil && d.AbsoluteID(e.Method.ID) == id {
				return found(e.Method)
			}
		}
	}
	return nil
}

func (d *Document) serviceByID(id string) *Service {
	for i := range d.Service {
		if d.AbsoluteID(d.Service[i].ID) == id {
			c := d.Service[i]
			c.ID = id
			return &c
		}
	}
	return nil
}

func (d *Document) serviceByFragment(frag string) *Service {
	for i := range d.Service {
		id := d.AbsoluteID(d.Service[i].ID)
		if _, f, ok := strings.Cut(id, "#"); ok && f == frag {
			c := d.Service[i]
			c.ID = id
			return &c
		}
	}
	return nil
}

// OnlyResolutionParams reports whether a DID URL query holds nothing but
// the DID parameters that act as resolution options (versionId,
// versionTime; DID Core §3.2.1), so that the DID URL names the document
// itself.
func OnlyResolutionParams(query string) bool {
	if query == "" {
		return true
	}
	for pair := range strings.SplitSeq(query, "&") {
		name, _, _ := strings.Cut(pair, "=")
		if name != "versionId" && name != "versionTime" {
			return false
		}
	}
	return true
}

// resolveChecked resolves did and checks the result before anything in it
// is used: DID Resolution v0.3 §"DID Resolution": "The value of id in the
// resolved DID document MUST match the DID that was resolved", and §
// "Algorithm" step 4: the document must conform to the DID document data
// model. A deactivated DID is ErrDeactivated.
func resolveChecked(ctx context.Context, r Resolver, d DID, opts ResolutionOptions) (*Resolution, error) {
	did := d.String()
	res, err := r.Resolve(ctx, did, opts)
	if err != nil {
		var re *ResolutionError
		if !errors.As(err, &re) {
			err = NewResolutionError(CodeInternalError, did, err)
		}
		return nil, err
	}
	switch {
	case res == nil:
		return nil, NewResolutionError(CodeInternalError, did, errors.New("resolver returned no result"))
	case res.ResolutionMetadata.Error != "":
		return nil, NewResolutionError(res.ResolutionMetadata.Error, did, nil)
	case res.DocumentMetadata.Deactivated:
		return nil, fmt.Errorf("%w: %s", ErrDeactivated, did)
	case res.Document == nil:
		return nil, NewResolutionError(CodeInternalError, did, errors.New("resolver returned no document"))
	case res.Document.ID != did:
		return nil, NewResolutionError(CodeInternalError, did, ErrDocumentIDMismatch)
	}
	if err := res.Document.Validate(); err != nil {
		return nil, NewResolutionError(CodeInternalError, did, err)
	}
	return res, nil
}

// endpointURL builds the output service endpoint URL of DID Resolution v0.3
// §"Service Endpoint Construction" from a service with a single HTTP(S)
// endpoint, the relativeRef parameter and the DID URL's fragment: the
// endpoint without its query and fragment, the relativeRef's path, then
// the one query and the one fragment. As in v0.3's example,
// "https://example.com/messages/8377464" with relativeRef
// "/some/path?query" and fragment "frag" gives
// "https://example.com/messages/8377464/some/path?query#frag".
func endpointURL(s *Service, relativeRef, fragment string) (string, error) {
	ep := s.ServiceEndpoint
	single := ep.Set == nil && ep.Map == nil
	if !single || !(strings.HasPrefix(ep.URI, "https://") || strings.HasPrefix(ep.URI, "http://")) {
		if relativeRef != "" || fragment != "" {
			// v0.3: "The input service endpoint URL MUST be an HTTP(S) URL."
			return "", errors.New("service endpoint is not a single http(s) url")
		}
		return "", nil
	}
	base, epFrag, _ := strings.Cut(ep.URI, "#")
	base, epQuery, _ := strings.Cut(base, "?")
	relRest, relFrag, _ := strings.Cut(relativeRef, "#")
	relPath, relQuery, _ := strings.Cut(relRest, "?")
	// v0.3: the DID URL and the endpoint "MUST NOT both have a query
	// component" nor "both have a fragment component".
	if epQuery != "" && relQuery != "" {
		return "", errors.New("service endpoint and relativeRef both have a query")
	}
	frags := 0
	for _, f := range []string{epFrag, relFrag, fragment} {
		if f != "" {
			frags++
		}
	}
	if frags > 1 {
		return "", errors.New("more than one fragment for the service endpoint url")
	}
	var b strings.Builder
	b.WriteString(base)
	b.WriteString(relPath)
	if q := epQuery + relQuery; q != "" {
		b.WriteString("?" + q)
	}
	if f := epFrag + relFrag + fragment; f != "" {
		b.WriteString("#" + f)
	}
	return b.String(), nil
}

// KeyOf is VerificationKey for a key that must belong to controller: the
// credential's issuer when checking a credential or a status list it
// signed, the holder when checking a presentation. A didURL of another DID
// is ErrNotController before anything is resolved, so a token cannot name
// a key its claimed signer does not control.
func KeyOf(ctx context.Context, r Resolver, didURL, controller string, rel Relationship) (*keys.PublicKey, error) {
	u, err := ParseURL(didURL)
	if err != nil {
		return nil, err
	}
	if controller == "" || u.DID.String() != controller {
		return nil, fmt.Errorf("%w: %q is not a key of %q", ErrNotController, didURL, controller)
	}
	pub, _, err := VerificationKey(ctx, r, didURL, rel)
	return pub, err
}
