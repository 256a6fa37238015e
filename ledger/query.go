package ledger

import (
	"encoding/json"
	"sort"
	"strconv"
	"time"
)

// Resolution is a DID document as the ledger holds it at one version, with
// its metadata (W3C DID Core §7.1.3 DID document metadata).
type Resolution struct {
	DID string
	// Document is nil when the resolved version is the deactivation.
	Document *Document
	Metadata DocumentMetadata
}

// DocumentMetadata is the DID document metadata of DID Core §7.1.3: created
// is the time of version 1, updated the time of the resolved version when
// it is not the first, versionId its number ("1", "2", ...); nextUpdate and
// nextVersionId name the version after the resolved one, if any.
type DocumentMetadata struct {
	Created       time.Time  `json:"created"`
	Updated       *time.Time `json:"updated,omitempty"`
	VersionID     string     `json:"versionId"`
	Deactivated   bool       `json:"deactivated,omitempty"`
	NextUpdate    *time.Time `json:"nextUpdate,omitempty"`
	NextVersionID string     `json:"nextVersionId,omitempty"`
}

// ResolveDID returns a DID's document from the committed state: the latest
// version, or the one named by versionID, or the latest one whose block
// time is at or before *versionTime (DID Core §3.2.1 versionId and
// versionTime). Give at most one of the two. A DID that is not on the
// ledger is ErrUnknownDID; a version that does not exist (or a time before
// the DID was created) is ErrNotFound. A deactivated DID resolves to its
// deactivation (Document nil, Deactivated true) unless an earlier version
// is asked for.
func (s *State) ResolveDID(did, versionID string, versionTime *time.Time) (*Resolution, error) {
	if versionID != "" && versionTime != nil {
		return nil, errf(ErrBadQuery, "give versionId or versionTime, not both")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !validDID(did) {
		return nil, errf(ErrUnknownDID, "%q is not a did:cachet DID", did)
	}
	var rec didRecord
	ok, err := load(s.committed, prefixDID+did, &rec)
	if err != nil {
		return nil, err
	}
	if !ok || len(rec.Versions) == 0 {
		return nil, errf(ErrUnknownDID, "%s", did)
	}
	v := len(rec.Versions) // 1-based
	switch {
	case versionID != "":
		n, err := strconv.Atoi(versionID)
		if err != nil || n < 1 || n > len(rec.Versions) || strconv.Itoa(n) != versionID {
			return nil, errf(ErrNotFound, "%s has no version %q", did, versionID)
		}
		v = n
	case versionTime != nil:
		// The first version whose time is after versionTime; the one
		// before it is the version in force at versionTime.
		i := sort.Search(len(rec.Versions), func(i int) bool { return rec.Versions[i].Time.After(*versionTime) })
		if i == 0 {
			return nil, errf(ErrNotFound, "%s did not exist at %s", did, versionTime.UTC().Format(time.RFC3339))
		}
		v = i
	}
	e := rec.Versions[v-1]
	res := &Resolution{DID: did, Metadata: DocumentMetadata{Created: rec.Versions[0].Time, VersionID: strconv.Itoa(v), Deactivated: e.Deactivated}}
	if v > 1 {
		t := e.Time
		res.Metadata.Updated = &t
	}
	if v < len(rec.Versions) {
		t := rec.Versions[v].Time
		res.Metadata.NextUpdate = &t
		res.Metadata.NextVersionID = strconv.Itoa(v + 1)
	}
	if !e.Deactivated {
		var doc Document
		if ok, err := load(s.committed, versionKey(did, v), &doc); err != nil || !ok {
			return nil, errf(ErrInternal, "%s version %d missing", did, v)
		}
		res.Document = &doc
	}
	return res, nil
}

// NextSeq returns the sequence number the next operation signed by signer (a
// DID, or SignerGovernance) must carry, in the committed state.
func (s *State) NextSeq(signer string) (uint64, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if signer == SignerGovernance {
		var gov Governance
		if _, err := load(s.committed, keyGovernance, &gov); err != nil {
			return 0, err
		}
		return gov.Seq + 1, nil
	}
	var rec didRecord
	ok, err := load(s.committed, prefixDID+signer, &rec)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errf(ErrUnknownDID, "%q", signer)
	}
	return rec.Seq + 1, nil
}

// IssuerAuthorised reports whether the issuer DID was authorised to issue
// credentials of type vct at time t, per the committed grants: a grant
// covers t when validFrom <= t < validUntil and it was not revoked at or
// before t, so a grant revoked in 2027 still covers a credential issued in
// 2026. The covering grant is returned when there is one. An issuer never
// authorised for anything is false with no error.
func (s *State) IssuerAuthorised(did, vct string, t time.Time) (bool, *Grant, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var rec issuerRecord
	if _, err := load(s.committed, prefixIssuer+did, &rec); err != nil {
		return false, nil, err
	}
	for i := range rec.Grants {
		g := &rec.Grants[i]
		if g.VCT == vct && g.covers(t) {
			return true, g, nil
		}
	}
	return false, nil, nil
}

// IssuerGrants returns every grant ever recorded for an issuer, in order.
func (s *State) IssuerGrants(did string) ([]Grant, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var rec issuerRecord
	if _, err := load(s.committed, prefixIssuer+did, &rec); err != nil {
		return nil, err
	}
	return rec.Grants, nil
}

// Schema returns a registered credential type, or ErrNotFound.
func (s *State) Schema(typeID string) (*SchemaRecord, error) {
	var r SchemaRecord
	return &r, s.lookup(prefixSchema+typeID, &r)
}

// StatusAnchor returns the latest anchor of a status list URL, or
// ErrNotFound.
func (s *State) StatusAnchor(url string) (*AnchorRecord, error) {
	var r AnchorRecord
	return &r, s.lookup(prefixStatus+url, &r)
}

// Verifier returns a verifier's registration (revoked ones included, with
// RevokedAt set), or ErrNotFound.
func (s *State) Verifier(did string) (*VerifierRecord, error) {
	var r VerifierRecord
	return &r, s.lookup(prefixVerifier+did, &r)
}

// GovernanceMembers returns the current governance members, threshold and
// last governance sequence number.
func (s *State) GovernanceMembers() (*Governance, error) {
	var g Governance
	return &g, s.lookup(keyGovernance, &g)
}

func (s *State) lookup(k string, v any) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ok, err := load(s.committed, k, v)
	if err != nil {
		return err
	}
	if !ok {
		return errf(ErrNotFound, "%q", k)
	}
	return nil
}

// Query paths answered by Query. The request data is JSON of the matching
// request type; the answer is JSON of the query's result.
const (
	QueryResolveDID        = "/did/resolve"       // ResolveRequest -> Resolution
	QueryIssuerAuthorised  = "/issuer/authorised" // AuthorisedRequest -> AuthorisedAnswer
	QuerySchema            = "/schema"            // {"id":...} -> SchemaRecord
	QueryStatusAnchor      = "/status"            // {"id":url} -> AnchorRecord
	QueryVerifier          = "/verifier"          // {"id":did} -> VerifierRecord
	QueryGovernanceMembers = "/governance"        // {} -> Governance
	QueryNextSeq           = "/seq"               // {"id":signer} -> {"seq":n}
	QueryValidators        = "/validators"        // {} -> ValidatorSet
)

// ResolveRequest is the data of QueryResolveDID.
type ResolveRequest struct {
	DID         string     `json:"did"`
	VersionID   string     `json:"versionId,omitempty"`
	VersionTime *time.Time `json:"versionTime,omitempty"`
}

// AuthorisedRequest is the data of QueryIssuerAuthorised.
type AuthorisedRequest struct {
	Issuer string    `json:"issuer"`
	VCT    string    `json:"vct"`
	Time   time.Time `json:"time"`
}

// AuthorisedAnswer is the answer of QueryIssuerAuthorised.
type AuthorisedAnswer struct {
	Authorised bool   `json:"authorised"`
	Grant      *Grant `json:"grant,omitempty"`
}

// idRequest is the data of the queries keyed by one id.
type idRequest struct {
	ID string `json:"id"`
}

// QueryResult is the answer to Query: the height it was answered at and the
// JSON value, or an error.
type QueryResult struct {
	Height int64
	Value  []byte
	Err    error
}

// Query answers one of the Query* paths on the committed state, for the
// ABCI Query call. Only the latest committed height is kept; height 0 means
// latest, any other height but the latest is ErrBadQuery. Request data is
// decoded strictly (it is outside input).
func (s *State) Query(path string, data []byte, height int64) QueryResult {
	cur := s.Info().LastHeight
	if height != 0 && height != cur {
		return QueryResult{Height: cur, Err: errf(ErrBadQuery, "height %d not kept, latest is %d", height, cur)}
	}
	if len(data) > MaxTxSize {
		return QueryResult{Height: cur, Err: errf(ErrBadQuery, "request over %d bytes", MaxTxSize)}
	}
	v, err := s.query(path, data)
	if err != nil {
		return QueryResult{Height: cur, Err: err}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return QueryResult{Height: cur, Err: errf(ErrInternal, "%v", err)}
	}
	return QueryResult{Height: cur, Value: out}
}

func (s *State) query(path string, data []byte) (any, error) {
	decode := func(v any) error {
		if len(data) == 0 {
			data = []byte("{}")
		}
		if err := decodeStrict(data, v); err != nil {
			return errf(ErrBadQuery, "%s: %v", path, err)
		}
		return nil
	}
	var id idRequest
	switch path {
	case QueryResolveDID:
		var r ResolveRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		return s.ResolveDID(r.DID, r.VersionID, r.VersionTime)
	case QueryIssuerAuthorised:
		var r AuthorisedRequest
		if err := decode(&r); err != nil {
			return nil, err
		}
		ok, g, err := s.IssuerAuthorised(r.Issuer, r.VCT, r.Time)
		return AuthorisedAnswer{Authorised: ok, Grant: g}, err
	case QueryGovernanceMembers:
		return s.GovernanceMembers()
	case QueryValidators:
		var none struct{}
		if err := decode(&none); err != nil {
			return nil, err
		}
		vs, err := s.Validators()
		return ValidatorSet{Validators: vs}, err
	}
	if err := decode(&id); err != nil {
		return nil, err
	}
	switch path {
	case QuerySchema:
		return s.Schema(id.ID)
	case QueryStatusAnchor:
		return s.StatusAnchor(id.ID)
	case QueryVerifier:
		return s.Verifier(id.ID)
	case QueryNextSeq:
		n, err := s.NextSeq(id.ID)
		return map[string]uint64{"seq": n}, err
	}
	return nil, errf(ErrBadQuery, "unknown path %q", path)
}
