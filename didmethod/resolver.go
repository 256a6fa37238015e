package didmethod

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Media types of the DID document representations (DID Core §6.2, §6.3).
const (
	MediaTypeDIDJSON   = "application/did+json"
	MediaTypeDIDLDJSON = "application/did+ld+json"
)

// Resolver resolves a DID to its DID document: the resolve() function of DID
// Resolution v0.3 §"DID Resolution". A failed resolution returns a
// *ResolutionError carrying the DID Resolution error code (and, if a
// Resolution is returned with it, the same code in its metadata).
type Resolver interface {
	Resolve(ctx context.Context, did string, opts ResolutionOptions) (*Resolution, error)
}

// ResolutionOptions are the resolution options of DID Resolution v0.3
// §"DID Resolution Options" plus the versionId and versionTime DID
// parameters that a dereferencer passes on (DID Core §3.2.1).
type ResolutionOptions struct {
	// Accept is the media type of the caller's preferred representation;
	// empty means any. Methods that build the document themselves accept
	// the JSON and JSON-LD DID media types (see CheckAccept).
	Accept string
	// VersionID asks for a specific version of the document.
	VersionID string
	// VersionTime asks for the version that was current at this time.
	VersionTime *time.Time
}

// Resolution is the result of resolve(): the DID document, the DID
// resolution metadata and the DID document metadata (DID Resolution v0.3
// §"DID Resolution", §"DID Resolution Result").
type Resolution struct {
	Document           *Document          `json:"didDocument"`
	ResolutionMetadata ResolutionMetadata `json:"didResolutionMetadata"`
	DocumentMetadata   DocumentMetadata   `json:"didDocumentMetadata"`
}

// ResolutionMetadata is DID resolution metadata (DID Resolution v0.3
// §"DID Resolution Metadata").
type ResolutionMetadata struct {
	// ContentType is the media type of a representation the resolver
	// fetched; it is empty when the method built the abstract document
	// itself ("This property MUST NOT be present if the resolve function
	// was called", v0.3).
	ContentType string    `json:"contentType,omitempty"`
	Error       ErrorCode `json:"error,omitempty"`
}

// DocumentMetadata is DID document metadata (DID Resolution v0.3 §"DID
// Document Metadata"). Zero times and empty strings are absent.
type DocumentMetadata struct {
	Created       time.Time `json:"-"`
	Updated       time.Time `json:"-"`
	Deactivated   bool      `json:"deactivated,omitempty"`
	NextUpdate    time.Time `json:"-"`
	VersionID     string    `json:"versionId,omitempty"`
	NextVersionID string    `json:"nextVersionId,omitempty"`
	EquivalentID  []string  `json:"equivalentId,omitempty"`
	CanonicalID   string    `json:"canonicalId,omitempty"`
}

// MarshalJSON writes the timestamps "as an XML Datetime normalized to UTC
// 00:00:00 and without sub-second decimal precision" (DID Resolution v0.3,
// created).
func (m DocumentMetadata) MarshalJSON() ([]byte, error) {
	type plain DocumentMetadata
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(versionTimeLayout)
	}
	return json.Marshal(struct {
		Created    string `json:"created,omitempty"`
		Updated    string `json:"updated,omitempty"`
		NextUpdate string `json:"nextUpdate,omitempty"`
		plain
	}{ts(m.Created), ts(m.Updated), ts(m.NextUpdate), plain(m)})
}

// Fail returns the result of a failed resolution: a Resolution whose
// metadata carries code, and the matching *ResolutionError. DID Resolution
// v0.3 §"DID Resolution": "If the resolution is unsuccessful, this value
// MUST be empty" (the document) and the metadata "MUST contain an error
// property describing the error".
func Fail(code ErrorCode, did string, cause error) (*Resolution, error) {
	return &Resolution{ResolutionMetadata: ResolutionMetadata{Error: code}}, NewResolutionError(code, did, cause)
}

// CheckAccept checks a resolution's Accept option against the
// representations a method that builds its documents can produce: JSON and
// JSON-LD (DID Core §6.2, §6.3). Anything else is representationNotSupported
// (DID Resolution v0.3 §"DID Resolution Metadata").
func CheckAccept(accept string) error {
	mt, _, _ := strings.Cut(accept, ";")
	switch strings.TrimSpace(strings.ToLower(mt)) {
	case "", "*/*", MediaTypeDIDJSON, MediaTypeDIDLDJSON, "application/json", "application/ld+json":
		return nil
	}
	return fmt.Errorf("%w: %q", ErrRepresentationNotSupported, accept)
}

// MultiResolver dispatches to a Resolver per DID method name. Its zero
// value is usable: add methods with Register. It is safe for concurrent
// use.
type MultiResolver struct {
	mu      sync.RWMutex
	methods map[string]Resolver
}

var _ Resolver = (*MultiResolver)(nil)

// NewMultiResolver returns a MultiResolver for the given method names
// (for example {"key": key.Resolver{}, "jwk": jwk.Resolver{}}).
func NewMultiResolver(methods map[string]Resolver) (*MultiResolver, error) {
	m := &MultiResolver{}
	for name, r := range methods {
		if err := m.Register(name, r); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Register adds the resolver for a DID method name. A name must be a valid
// method-name (DID Core §3.1) and may be registered once.
func (m *MultiResolver) Register(method string, r Resolver) error {
	if !validMethodName(method) || r == nil {
		return fmt.Errorf("didmethod: cannot register method %q", method)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.methods[method]; ok {
		return fmt.Errorf("didmethod: method %q already registered", method)
	}
	if m.methods == nil {
		m.methods = map[string]Resolver{}
	}
	m.methods[method] = r
	return nil
}

// Resolve follows DID Resolution v0.3 §"Algorithm" steps 1-2, then hands the
// DID to its method's resolver.
func (m *MultiResolver) Resolve(ctx context.Context, did string, opts ResolutionOptions) (*Resolution, error) {
	// Step 1: "Validate that the input DID conforms to the did rule of the
	// DID Syntax. If not, the DID resolver MUST return ... invalidDid".
	d, err := ParseDID(did)
	if err != nil {
		return Fail(CodeInvalidDID, did, err)
	}
	// Step 2: "Determine whether the DID method of the input DID is
	// supported by the DID resolver ... If not ... methodNotSupported".
	m.mu.RLock()
	r, ok := m.methods[d.Method]
	m.mu.RUnlock()
	if !ok {
		return Fail(CodeMethodNotSupported, did, fmt.Errorf("%w: %q", ErrMethodNotSupported, d.Method))
	}
	return r.Resolve(ctx, did, opts)
}
