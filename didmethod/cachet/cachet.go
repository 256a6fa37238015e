package cachet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/ledger"
)

// Method is the did:cachet method name (SPEC.md §1).
const Method = "cachet"

// ContextJWK defines the JsonWebKey verification method type (W3C
// Controlled Identifiers v1.0 §2.2.3), as ContextMultikey defines Multikey.
const ContextJWK = "https://w3id.org/security/jwk/v1"

// idBytes is the length of the digest prefix a method-specific id encodes
// (SPEC.md §2).
const idBytes = 20

// Sentinels for the failures this package adds to the DID Resolution codes.
var (
	// ErrInvalidID is a method-specific id that is not the base58btc
	// encoding of exactly 20 bytes (SPEC.md §2).
	ErrInvalidID = errors.New("cachet: method-specific id is not base58btc of 20 bytes")
	// ErrConversion is a ledger document that does not expand to a valid
	// DID Core document.
	ErrConversion = errors.New("cachet: ledger document does not expand to a did core document")
)

// Source is what resolution needs from the ledger: its committed DID
// documents by version (ledger.State.ResolveDID's contract). ledger.Reader
// satisfies it over any ledger.Client (an embedded node, a remote node's
// RPC, the in-memory client); StateSource adapts an in-process
// *ledger.State.
type Source interface {
	ResolveDID(ctx context.Context, did, versionID string, versionTime *time.Time) (*ledger.Resolution, error)
}

var _ Source = ledger.Reader{}

// StateSource is the Source of an in-process ledger state.
type StateSource struct {
	State *ledger.State
}

// ResolveDID reads the state directly; ctx only cuts it short before it
// starts.
func (s StateSource) ResolveDID(ctx context.Context, did, versionID string, versionTime *time.Time) (*ledger.Resolution, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.State.ResolveDID(did, versionID, versionTime)
}

// Resolver resolves did:cachet DIDs from a ledger (SPEC.md §3.2).
type Resolver struct {
	Source Source
}

var _ didmethod.Resolver = Resolver{}

// ParseDID parses a did:cachet DID: a DID (DID Core §3.1) of method
// "cachet" whose method-specific id is the canonical base58btc encoding of
// exactly 20 bytes (SPEC.md §2), as ledger.DIDFromCreatePayload makes it.
// Errors are *didmethod.ResolutionError values: invalidDid, or
// methodNotSupported for a DID of another method.
func ParseDID(did string) (didmethod.DID, error) {
	d, err := didmethod.ParseDID(did)
	if err != nil {
		return didmethod.DID{}, didmethod.NewResolutionError(didmethod.CodeInvalidDID, did, err)
	}
	if d.Method != Method {
		return didmethod.DID{}, didmethod.NewResolutionError(didmethod.CodeMethodNotSupported, did,
			fmt.Errorf("%w: %q is not %q", didmethod.ErrMethodNotSupported, d.Method, Method))
	}
	// SPEC.md §2: cachet-id = 20*28base58char, the base58btc encoding of
	// exactly 20 bytes. Bound the length before decoding; decode, then
	// re-encode, so that one id has one spelling.
	if len(d.ID) < MinIDLength || len(d.ID) > MaxIDLength {
		return didmethod.DID{}, didmethod.NewResolutionError(didmethod.CodeInvalidDID, did,
			fmt.Errorf("%w: %d characters, want %d to %d", ErrInvalidID, len(d.ID), MinIDLength, MaxIDLength))
	}
	b, err := base58.Decode(d.ID)
	if err != nil || len(b) != idBytes || base58.Encode(b) != d.ID {
		return didmethod.DID{}, didmethod.NewResolutionError(didmethod.CodeInvalidDID, did, ErrInvalidID)
	}
	return d, nil
}

// Resolve resolves a did:cachet DID from the ledger (SPEC.md §3.2): the
// latest version, the one named by opts.VersionID, or the one in force at
// *opts.VersionTime (DID Core §3.2.1). Given both, the version in force at
// the time must carry the versionId, else notFound.
//
// A deactivated DID resolves successfully to a document holding only its id,
// with deactivated true in the metadata (DID Resolution v0.3 §"DID Document
// Metadata": "If a DID has been deactivated, DID document metadata MUST
// include this property with the boolean value true"); a version before the
// deactivation resolves to that version's document. Unknown DIDs and
// versions are notFound, malformed DIDs invalidDid, ledger failures
// internalError.
func (r Resolver) Resolve(ctx context.Context, did string, opts didmethod.ResolutionOptions) (*didmethod.Resolution, error) {
	if err := ctx.Err(); err != nil {
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	// DID Resolution v0.3 §"Algorithm" step 1: "Validate that the input DID
	// conforms to the did rule of the DID Syntax. If not ... invalidDid";
	// step 2: a method the resolver does not support is methodNotSupported;
	// step 3 (the method's Read) starts with the method's own syntax.
	if _, err := ParseDID(did); err != nil {
		code := didmethod.CodeInvalidDID
		if re := (*didmethod.ResolutionError)(nil); errors.As(err, &re) {
			code = re.Code
		}
		return didmethod.Fail(code, did, errors.Unwrap(err))
	}
	// v0.3 §"DID Resolution Options", accept: a representation the resolver
	// cannot produce is representationNotSupported.
	if err := didmethod.CheckAccept(opts.Accept); err != nil {
		return didmethod.Fail(didmethod.CodeRepresentationNotSupported, did, err)
	}
	if r.Source == nil {
		return didmethod.Fail(didmethod.CodeInternalError, did, errors.New("cachet: resolver has no ledger source"))
	}
	// The ledger answers one of versionId and versionTime; with both, the
	// version in force at versionTime is asked for and its id compared.
	versionID := opts.VersionID
	if opts.VersionTime != nil {
		versionID = ""
	}
	lr, err := r.Source.ResolveDID(ctx, did, versionID, opts.VersionTime)
	switch {
	case errors.Is(err, ledger.ErrUnknownDID), errors.Is(err, ledger.ErrNotFound):
		// v0.3 §"Algorithm" step 3: "If the input DID does not exist, return
		// ... notFound". A version that does not exist is not found either.
		return didmethod.Fail(didmethod.CodeNotFound, did, err)
	case err != nil:
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	case lr == nil || lr.DID != did:
		return didmethod.Fail(didmethod.CodeInternalError, did, errors.New("cachet: ledger answered for another did"))
	case opts.VersionID != "" && opts.VersionTime != nil && lr.Metadata.VersionID != opts.VersionID:
		return didmethod.Fail(didmethod.CodeNotFound, did,
			fmt.Errorf("cachet: version %q was not in force at %s", opts.VersionID, opts.VersionTime.UTC().Format(time.RFC3339)))
	}
	res := &didmethod.Resolution{DocumentMetadata: metadata(lr.Metadata)}
	if lr.Document == nil {
		if !lr.Metadata.Deactivated {
			return didmethod.Fail(didmethod.CodeInternalError, did, errors.New("cachet: ledger returned no document"))
		}
		// The deactivation has no document on the ledger: the resolved
		// document names the DID and no key, so nothing verifies with it
		// even for a caller that ignores the metadata.
		res.Document = &didmethod.Document{Context: didmethod.Context{didmethod.ContextDIDv1}, ID: did}
		return res, nil
	}
	doc, err := Expand(did, lr.Document)
	if err != nil {
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	res.Document = doc
	return res, nil
}

// metadata maps the ledger's document metadata to DID document metadata
// (DID Core §7.1.3): created, updated (when the version is not the first),
// versionId, nextUpdate and nextVersionId (when a later version exists),
// deactivated.
func metadata(m ledger.DocumentMetadata) didmethod.DocumentMetadata {
	out := didmethod.DocumentMetadata{
		Created:       m.Created,
		VersionID:     m.VersionID,
		NextVersionID: m.NextVersionID,
		Deactivated:   m.Deactivated,
	}
	if m.Updated != nil {
		out.Updated = *m.Updated
	}
	if m.NextUpdate != nil {
		out.NextUpdate = *m.NextUpdate
	}
	return out
}

// Expand turns the ledger's compact document of did into a DID Core
// document (DID Core §5) and checks it with didmethod's Document.Validate.
// Errors wrap ErrConversion.
func Expand(did string, doc *ledger.Document) (*didmethod.Document, error) {
	if doc == nil {
		return nil, fmt.Errorf("%w: no document", ErrConversion)
	}
	abs := func(frag string) string { return did + frag }
	out := &didmethod.Document{
		Context: didmethod.Context{didmethod.ContextDIDv1},
		// DID Core §5.1.1: "The value of id MUST be a string that conforms
		// to the rules in 3.1 DID Syntax": the DID resolved.
		ID: did,
		// DID Core §5.1.2: the DID controls its own document (SPEC.md §3.3:
		// only its capabilityInvocation keys update it).
		Controller: didmethod.StringSet{did},
	}
	var jwk, multikey bool
	for i := range doc.VerificationMethod {
		vm := &doc.VerificationMethod[i]
		// DID Core §5.2: a verification method has an id (a DID URL), a
		// type, a controller (a DID) and its key material.
		m := didmethod.VerificationMethod{ID: abs(vm.ID), Type: vm.Type, Controller: did}
		switch vm.Type {
		case ledger.TypeJsonWebKey:
			if vm.PublicKeyJwk == nil {
				return nil, fmt.Errorf("%w: %s has no publicKeyJwk", ErrConversion, vm.ID)
			}
			raw, err := json.Marshal(vm.PublicKeyJwk)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %v", ErrConversion, vm.ID, err)
			}
			m.PublicKeyJwk = raw
			jwk = true
		case ledger.TypeMultikey:
			m.PublicKeyMultibase = vm.PublicKeyMultibase
			multikey = true
		default:
			return nil, fmt.Errorf("%w: %s has type %q", ErrConversion, vm.ID, vm.Type)
		}
		out.VerificationMethod = append(out.VerificationMethod, m)
	}
	// DID Core §6.3.1 and JSON-LD: the contexts that define the terms used,
	// after the DID v1 context.
	if jwk {
		out.Context = append(out.Context, ContextJWK)
	}
	if multikey {
		out.Context = append(out.Context, didmethod.ContextMultikey)
	}
	// DID Core §5.3: relationships reference the methods by DID URL. An
	// empty relationship is left out ("a set of one or more").
	refs := func(rel []string) []didmethod.MethodRef {
		if len(rel) == 0 {
			return nil
		}
		out := make([]didmethod.MethodRef, len(rel))
		for i, r := range rel {
			out[i] = didmethod.MethodRef{Ref: abs(r)}
		}
		return out
	}
	out.Authentication = refs(doc.Authentication)
	out.AssertionMethod = refs(doc.AssertionMethod)
	out.KeyAgreement = refs(doc.KeyAgreement)
	out.CapabilityInvocation = refs(doc.CapabilityInvocation)
	out.CapabilityDelegation = refs(doc.CapabilityDelegation)
	// DID Core §5.4: services with an absolute id, a type and an endpoint.
	for _, s := range doc.Service {
		out.Service = append(out.Service, didmethod.Service{
			ID:              abs(s.ID),
			Type:            didmethod.StringSet{s.Type},
			ServiceEndpoint: didmethod.ServiceEndpoint{URI: s.ServiceEndpoint},
		})
	}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConversion, err)
	}
	return out, nil
}
