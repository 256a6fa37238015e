package status

import (
	"fmt"
	"strconv"

	josejson "github.com/go-jose/go-jose/v4/json"
)

// StatusListRef is the status_list member of a Referenced Token's status
// claim (draft §6.2): the index and the URI of its Status List Token.
type StatusListRef struct {
	Idx uint64 `json:"idx"`
	URI string `json:"uri"`
}

// StatusClaim is the status claim of a Referenced Token (draft §6.1, §6.2),
// for an issuer building one: {"status_list":{"idx":N,"uri":"..."}}.
type StatusClaim struct {
	StatusList StatusListRef `json:"status_list"`
}

// NewStatusClaim returns the status claim pointing at idx of the Status
// List Token at uri.
func NewStatusClaim(uri string, idx uint64) StatusClaim {
	return StatusClaim{StatusList: StatusListRef{Idx: idx, URI: uri}}
}

type statusClaimWire struct {
	StatusList *struct {
		Idx josejson.RawMessage `json:"idx"`
		URI *string             `json:"uri"`
	} `json:"status_list"`
}

// ParseStatusClaim reads the JSON value of a Referenced Token's status
// claim (draft §6.2, §8.3 step 1) and returns its status_list reference. It
// fails with ErrNoStatusList when the claim references no Token Status List
// (another status mechanism, or none), and with ErrMalformedStatusClaim when
// the reference breaks §6.2.
func ParseStatusClaim(data []byte) (*StatusListRef, error) {
	if len(data) > MaxEntrySize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrMalformedStatusClaim, len(data), MaxEntrySize)
	}
	// §6.2 status: "MUST specify a JSON Object that contains at least one
	// reference to a status mechanism."
	var w statusClaimWire
	if err := decodeObject(data, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedStatusClaim, err)
	}
	// status_list: "REQUIRED when the status mechanism defined in this
	// specification is used."
	if w.StatusList == nil {
		return nil, ErrNoStatusList
	}
	// idx: "MUST specify a non-negative Integer".
	if w.StatusList.Idx == nil {
		return nil, fmt.Errorf("%w: no idx", ErrMalformedStatusClaim)
	}
	idx, err := strconv.ParseUint(string(w.StatusList.Idx), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: idx %s is not a non-negative integer", ErrMalformedStatusClaim, truncate(string(w.StatusList.Idx)))
	}
	// uri: "MUST specify a String value ... The value of uri MUST be a URI
	// conforming to [RFC3986]."
	if w.StatusList.URI == nil || !isAbsoluteURI(*w.StatusList.URI) {
		return nil, fmt.Errorf("%w: uri is not a URI", ErrMalformedStatusClaim)
	}
	return &StatusListRef{Idx: idx, URI: *w.StatusList.URI}, nil
}

// Lookup returns the status at the reference's index in l, the list of the
// Status List Token verified against r.URI (draft §8.3 step 6-7). An index
// outside l is ErrIndexOutOfRange.
func (r *StatusListRef) Lookup(l *TokenList) (StatusType, error) {
	return l.Status(r.Idx)
}
