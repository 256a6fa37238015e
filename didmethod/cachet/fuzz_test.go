package cachet

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/didmethod"
)

// FuzzResolve resolves arbitrary DID strings with arbitrary versionId and
// versionTime options against a ledger holding an updated and a deactivated
// DID. Properties: no panic; every failure is a *didmethod.ResolutionError
// whose code the result's metadata carries, with no document; every success
// is a document for exactly that DID that passes Document.Validate, with a
// versionId, and invalidDid exactly when ParseDID rejects the string.
func FuzzResolve(f *testing.F) {
	h := newHistory(f)
	r := Resolver{Source: StateSource{h.w.s}}
	base := h.a.created.Unix()
	for _, did := range []string{h.a.did, h.d.did, "did:cachet:", "did:cachet:abc", h.a.did + "#sign", "did:key:z6Mk", "did:cachet:11111111111111111111", ""} {
		for _, v := range []string{"", "1", "2", "3", "01"} {
			f.Add(did, v, int64(0), false)
			f.Add(did, v, int64(3600), true)
			f.Add(did, v, int64(-1), true)
		}
	}
	f.Fuzz(func(t *testing.T, did, versionID string, offset int64, useTime bool) {
		opts := didmethod.ResolutionOptions{VersionID: versionID}
		if useTime {
			at := time.Unix(base, 0).Add(time.Duration(offset) * time.Second).UTC()
			opts.VersionTime = &at
		}
		res, err := r.Resolve(context.Background(), did, opts)
		_, perr := ParseDID(did)
		if err != nil {
			var re *didmethod.ResolutionError
			if !errors.As(err, &re) {
				t.Fatalf("error %v (%T) is not a *didmethod.ResolutionError", err, err)
			}
			if res == nil || res.Document != nil || res.ResolutionMetadata.Error != re.Code {
				t.Fatalf("failed result %+v for code %q", res, re.Code)
			}
			if (re.Code == didmethod.CodeInvalidDID) != (perr != nil && errors.Is(perr, didmethod.ErrInvalidDID)) {
				t.Fatalf("code %q but ParseDID says %v", re.Code, perr)
			}
			return
		}
		if perr != nil {
			t.Fatalf("resolved %q which ParseDID rejects: %v", did, perr)
		}
		if res.Document == nil || res.Document.ID != did || res.DocumentMetadata.VersionID == "" {
			t.Fatalf("result %+v", res)
		}
		if err := res.Document.Validate(); err != nil {
			t.Fatalf("resolved document does not validate: %v", err)
		}
	})
}
