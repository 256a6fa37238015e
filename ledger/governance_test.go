package ledger

import (
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

func TestGovernanceAuthorisation(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	op := &AuthorizeOp{Issuer: b.did, VCTs: []string{"food-safety"}, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2030-01-01T00:00:00Z"}
	outsider := TxSigner{KID: "gov-x", Signer: mustKey(t, keys.EdDSA)}
	impostor := TxSigner{KID: "gov-a", Signer: mustKey(t, keys.EdDSA)}
	signed := func(seq uint64, o GovernanceOp, ss ...TxSigner) []byte {
		tx, err := NewGovernanceTx(testChain, seq, o, ss...)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	m := w.members
	byDID, _, err := BuildTx(testChain, TypeIssuerAuthorize, 1, b.did, op, m[0], m[1])
	if err != nil {
		t.Fatal(err)
	}
	valid := signed(1, op, m[0], m[1])
	tests := []struct {
		name string
		tx   []byte
		want error
	}{
		{"one signature below threshold 2", signed(1, op, m[0]), ErrUnauthorisedGovernance},
		{"same member twice counts once", signed(1, op, m[0], m[0]), ErrUnauthorisedGovernance},
		{"non-member", signed(1, op, m[0], outsider), ErrUnauthorisedGovernance},
		{"member id with another key", signed(1, op, impostor, m[1]), ErrBadSignature},
		{"bad signature", tamper(t, valid), ErrBadSignature},
		{"signer is not governance", byDID, ErrWrongSigner},
		{"seq skips ahead", signed(2, op, m[0], m[1]), ErrReplay},
		{"valid 2 of 3", valid, nil},
		{"replayed", valid, ErrReplay},
		{"valid 3 of 3", signed(2, op, m[2], m[1], m[0]), nil},
		{"unknown issuer", signed(3, &AuthorizeOp{Issuer: DIDFromCreatePayload([]byte("x")), VCTs: []string{"a"}, ValidFrom: op.ValidFrom, ValidUntil: op.ValidUntil}, m[0], m[1]), ErrUnknownDID},
		{"empty vcts", signed(3, &AuthorizeOp{Issuer: b.did, ValidFrom: op.ValidFrom, ValidUntil: op.ValidUntil}, m[0], m[1]), ErrInvalidOp},
		{"duplicate vct", signed(3, &AuthorizeOp{Issuer: b.did, VCTs: []string{"a", "a"}, ValidFrom: op.ValidFrom, ValidUntil: op.ValidUntil}, m[0], m[1]), ErrInvalidOp},
		{"until before from", signed(3, &AuthorizeOp{Issuer: b.did, VCTs: []string{"a"}, ValidFrom: op.ValidUntil, ValidUntil: op.ValidFrom}, m[0], m[1]), ErrInvalidOp},
		{"non-UTC time", signed(3, &AuthorizeOp{Issuer: b.did, VCTs: []string{"a"}, ValidFrom: "2026-01-01T08:00:00+08:00", ValidUntil: op.ValidUntil}, m[0], m[1]), ErrInvalidOp},
		{"already expired", signed(3, &AuthorizeOp{Issuer: b.did, VCTs: []string{"a"}, ValidFrom: "2020-01-01T00:00:00Z", ValidUntil: "2021-01-01T00:00:00Z"}, m[0], m[1]), ErrInvalidOp},
		{"revoke nothing named", signed(3, &RevokeOp{Issuer: b.did}, m[0], m[1]), ErrInvalidOp},
		{"revoke both all and list", signed(3, &RevokeOp{Issuer: b.did, All: true, VCTs: []string{"a"}}, m[0], m[1]), ErrInvalidOp},
		{"revoke a type never granted", signed(3, &RevokeOp{Issuer: b.did, VCTs: []string{"other"}}, m[0], m[1]), ErrNothingToRevoke},
		{"revoke never-authorised issuer", signed(3, &RevokeOp{Issuer: DIDFromCreatePayload([]byte("x")), All: true}, m[0], m[1]), ErrNothingToRevoke},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(tc.tx, tc.want)
		})
	}
}

func TestAuthorisedOverTime(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	w.now = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	w.govOK(&AuthorizeOp{Issuer: b.did, VCTs: []string{"food-safety", "market-licence"}, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2029-01-01T00:00:00Z"})
	revokedAt := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	w.now = revokedAt
	w.govOK(&RevokeOp{Issuer: b.did, VCTs: []string{"food-safety"}})
	// Revoking again finds nothing current.
	w.t = t
	w.expect(w.gov(&RevokeOp{Issuer: b.did, VCTs: []string{"food-safety"}}, 0, 1), ErrNothingToRevoke)
	// A later re-authorisation opens a new window.
	w.now = time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
	w.govOK(&AuthorizeOp{Issuer: b.did, VCTs: []string{"food-safety"}, ValidFrom: "2028-01-01T00:00:00Z", ValidUntil: "2029-01-01T00:00:00Z"})

	d := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		vct  string
		at   time.Time
		want bool
	}{
		{"before validFrom", "food-safety", d(2025, 12), false},
		{"at validFrom", "food-safety", d(2026, 1), true},
		{"2026, before revocation", "food-safety", d(2026, 6), true},
		{"just before revocation", "food-safety", revokedAt.Add(-time.Second), true},
		{"at revocation", "food-safety", revokedAt, false},
		{"after revocation", "food-safety", d(2027, 9), false},
		{"re-authorised", "food-safety", d(2028, 3), true},
		{"other type not revoked", "market-licence", d(2027, 9), true},
		{"at validUntil", "market-licence", d(2029, 1), false},
		{"type never granted", "pharmacy", d(2026, 6), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ok, g, err := w.s.IssuerAuthorised(b.did, tc.vct, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.want || ok != (g != nil) {
				t.Fatalf("authorised %v (grant %+v), want %v", ok, g, tc.want)
			}
		})
	}
	// Revoke all ends both remaining grants.
	w.now = d(2028, 6)
	w.govOK(&RevokeOp{Issuer: b.did, All: true})
	for _, vct := range []string{"food-safety", "market-licence"} {
		if ok, _, _ := w.s.IssuerAuthorised(b.did, vct, d(2028, 7)); ok {
			t.Fatalf("%s still authorised after revoke all", vct)
		}
		if ok, _, _ := w.s.IssuerAuthorised(b.did, vct, d(2026, 7)); !ok {
			t.Fatalf("%s lost its 2026 history", vct)
		}
	}
}

func TestGovernanceMembers(t *testing.T) {
	w := newWorld(t)
	newA, newB := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	set := &MembersOp{Threshold: 2, Members: []Member{
		{ID: "new-a", PublicKeyJwk: newA.Public().JWK()},
		{ID: "new-b", PublicKeyJwk: newB.Public().JWK()},
	}}
	bad := func(threshold int, ms ...Member) GovernanceOp { return &MembersOp{Threshold: threshold, Members: ms} }
	mA := Member{ID: "a", PublicKeyJwk: newA.Public().JWK()}
	mB := Member{ID: "b", PublicKeyJwk: newB.Public().JWK()}
	tests := []struct {
		name string
		op   GovernanceOp
		want error
	}{
		{"threshold zero", bad(0, mA), ErrInvalidOp},
		{"threshold above N", bad(3, mA, mB), ErrInvalidOp},
		{"no members", bad(1), ErrInvalidOp},
		{"duplicate id", bad(1, mA, Member{ID: "a", PublicKeyJwk: newB.Public().JWK()}), ErrInvalidOp},
		{"same key twice", bad(1, mA, Member{ID: "b", PublicKeyJwk: newA.Public().JWK()}), ErrInvalidOp},
		{"bad id", bad(1, Member{ID: "a b", PublicKeyJwk: newA.Public().JWK()}), ErrInvalidOp},
		{"bad key", bad(1, Member{ID: "a", PublicKeyJwk: keys.JWK{Kty: "OKP", Crv: "Ed25519", X: "AA"}}), ErrInvalidOp},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(w.gov(tc.op, 0, 1), tc.want)
		})
	}
	w.t = t
	w.govOK(set)
	g, err := w.s.GovernanceMembers()
	if err != nil || g.Threshold != 2 || len(g.Members) != 2 || g.Seq != 1 {
		t.Fatalf("members %+v, %v", g, err)
	}
	// The old members no longer govern; the new ones do.
	b := w.newBureau()
	op := &AuthorizeOp{Issuer: b.did, VCTs: []string{"a"}, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2030-01-01T00:00:00Z"}
	w.expect(w.gov(op, 0, 1, 2), ErrUnauthorisedGovernance)
	tx, err := NewGovernanceTx(testChain, 2, op, TxSigner{KID: "new-a", Signer: newA}, TxSigner{KID: "new-b", Signer: newB})
	if err != nil {
		t.Fatal(err)
	}
	w.expect(tx, nil)
	if n, _ := w.s.NextSeq(SignerGovernance); n != 3 {
		t.Fatalf("next governance seq %d", n)
	}
}

func TestSchemaRegister(t *testing.T) {
	w := newWorld(t)
	op := &SchemaOp{TypeID: "food-safety-v1", VCT: "https://district.example/vct/food-safety", SchemaDigest: digestA, MetadataDigest: digestB, Name: LocalName{Zh: "食品安全检测报告", En: "Food safety test report"}}
	mod := func(f func(o *SchemaOp)) GovernanceOp { c := *op; f(&c); return &c }
	tests := []struct {
		name string
		op   GovernanceOp
		want error
	}{
		{"bad type id", mod(func(o *SchemaOp) { o.TypeID = "a/b" }), ErrInvalidOp},
		{"bad digest", mod(func(o *SchemaOp) { o.SchemaDigest = "sha256-AAAA" }), ErrInvalidOp},
		{"sha-1 digest", mod(func(o *SchemaOp) { o.MetadataDigest = "sha1-" + digestA[7:] }), ErrInvalidOp},
		{"no english name", mod(func(o *SchemaOp) { o.Name.En = "" }), ErrInvalidOp},
		{"empty vct", mod(func(o *SchemaOp) { o.VCT = "" }), ErrInvalidOp},
		{"valid", op, nil},
		{"registered twice", op, ErrExists},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(w.gov(tc.op, 0, 1), tc.want)
			if tc.want == nil {
				w.govSeq++
			}
		})
	}
	got, err := w.s.Schema("food-safety-v1")
	if err != nil || got.VCT != op.VCT || got.Name != op.Name || got.SchemaDigest != digestA {
		t.Fatalf("schema %+v, %v", got, err)
	}
	if _, err := w.s.Schema("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown schema: %v", err)
	}
	// Unauthorised governance for this op type too.
	w.t = t
	w.expect(w.gov(mod(func(o *SchemaOp) { o.TypeID = "other" }), 2), ErrUnauthorisedGovernance)
}

func TestStatusAnchor(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	other := w.newBureau()
	unauthorised := w.newBureau()
	w.authorize(b.did, "food-safety")
	w.authorize(other.did, "food-safety")
	const url = "https://bureau.example/status/1"
	anchor := func(br *bureau, seq uint64, op StatusAnchorOp, k keys.Signer, kid string) []byte {
		tx, err := NewStatusAnchor(testChain, br.did, seq, op, k, kid)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	op1 := StatusAnchorOp{URL: url, Digest: digestA, Sequence: 1}
	op2 := StatusAnchorOp{URL: url, Digest: digestB, Sequence: 2}
	tests := []struct {
		name string
		tx   []byte
		want error
	}{
		{"unauthorised issuer", anchor(unauthorised, 1, op1, unauthorised.assert, "#sign"), ErrIssuerNotAuthorised},
		{"bad signature", tamper(t, anchor(b, 1, op1, b.assert, "#sign")), ErrBadSignature},
		{"key of no allowed relationship", anchor(b, 1, op1, mustKey(t, keys.EdDSA), "#nope"), ErrWrongSigner},
		{"bad digest", anchor(b, 1, StatusAnchorOp{URL: url, Digest: "sha256-x", Sequence: 1}, b.assert, "#sign"), ErrInvalidOp},
		{"not a URL", anchor(b, 1, StatusAnchorOp{URL: "ftp://x", Digest: digestA, Sequence: 1}, b.assert, "#sign"), ErrInvalidOp},
		{"valid, assertion key", anchor(b, 1, op1, b.assert, "#sign"), nil},
		{"replayed", anchor(b, 1, op1, b.assert, "#sign"), ErrReplay},
		{"same list sequence", anchor(b, 2, op1, b.assert, "#sign"), ErrStaleAnchor},
		{"another issuer's list", anchor(other, 1, op2, other.assert, "#sign"), ErrAnchorOwner},
		{"valid, capabilityInvocation key", anchor(b, 2, op2, b.ctl, "#ctl"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(tc.tx, tc.want)
		})
	}
	got, err := w.s.StatusAnchor(url)
	if err != nil || got.Sequence != 2 || got.Digest != digestB || got.Issuer != b.did {
		t.Fatalf("anchor %+v, %v", got, err)
	}
	// After revocation the issuer can no longer anchor.
	w.t = t
	w.govOK(&RevokeOp{Issuer: b.did, All: true})
	w.expect(anchor(b, 3, StatusAnchorOp{URL: url, Digest: digestA, Sequence: 3}, b.assert, "#sign"), ErrIssuerNotAuthorised)
}

func TestVerifierRegistry(t *testing.T) {
	w := newWorld(t)
	v := w.newBureau()
	op := &VerifierOp{Verifier: v.did, Name: LocalName{Zh: "市场监管窗口", En: "Market supervision counter"}, Services: []VerifierService{
		{ID: "stall-permit", Name: LocalName{Zh: "摊位许可", En: "Stall permit"}, VCTs: []string{"food-safety"}, Claims: []string{"given_name", "licence_no"}},
	}}
	mod := func(f func(o *VerifierOp)) GovernanceOp {
		c := *op
		c.Services = append([]VerifierService(nil), op.Services...)
		f(&c)
		return &c
	}
	tests := []struct {
		name string
		op   GovernanceOp
		want error
	}{
		{"unknown verifier DID", mod(func(o *VerifierOp) { o.Verifier = DIDFromCreatePayload([]byte("v")) }), ErrUnknownDID},
		{"no services", mod(func(o *VerifierOp) { o.Services = nil }), ErrInvalidOp},
		{"duplicate service", mod(func(o *VerifierOp) { o.Services = append(o.Services, o.Services[0]) }), ErrInvalidOp},
		{"revoke before registration", &VerifierRevokeOp{Verifier: v.did}, ErrNothingToRevoke},
		{"valid", op, nil},
		{"revoke", &VerifierRevokeOp{Verifier: v.did}, nil},
		{"revoke twice", &VerifierRevokeOp{Verifier: v.did}, ErrNothingToRevoke},
		{"register again", op, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(w.gov(tc.op, 0, 1), tc.want)
			if tc.want == nil {
				w.govSeq++
			}
		})
	}
	got, err := w.s.Verifier(v.did)
	if err != nil || got.RevokedAt != nil || len(got.Services) != 1 || got.Services[0].Claims[1] != "licence_no" {
		t.Fatalf("verifier %+v, %v", got, err)
	}
	w.t = t
	w.expect(w.gov(&VerifierRevokeOp{Verifier: v.did}, 1), ErrUnauthorisedGovernance)
}
