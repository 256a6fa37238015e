package ledger

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// applier validates and applies one transaction to its own overlay.
type applier struct {
	o      *overlay
	chain  string
	height int64
	now    time.Time // the block time: the only clock the ledger reads
}

// applyTx validates txBytes against base and returns the overlay of its
// writes and the result data. On error the overlay must be discarded. A
// panic during validation is recovered and reported as ErrInternal.
func applyTx(base reader, chain string, height int64, now time.Time, txBytes []byte) (o *overlay, data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			o, data, err = nil, nil, errf(ErrInternal, "recovered: %v", p)
		}
	}()
	if chain == "" {
		return nil, nil, errf(ErrNoGenesis, "InitChain has not run")
	}
	tx, err := DecodeTx(txBytes)
	if err != nil {
		return nil, nil, err
	}
	a := &applier{o: newOverlay(base), chain: chain, height: height, now: now}
	data, err = a.apply(tx)
	if err != nil {
		return nil, nil, err
	}
	return a.o, data, nil
}

func (a *applier) apply(tx *Tx) ([]byte, error) {
	p := &tx.Payload
	if p.Chain != a.chain {
		return nil, errf(ErrWrongChain, "signed for chain %q, this is %q", p.Chain, a.chain)
	}
	switch p.Type {
	case TypeDIDCreate:
		return a.didCreate(tx)
	case TypeDIDUpdate:
		return nil, a.didUpdate(tx)
	case TypeDIDDeactivate:
		return nil, a.didDeactivate(tx)
	case TypeStatusAnchor:
		return nil, a.statusAnchor(tx)
	case TypeIssuerAuthorize, TypeIssuerRevoke, TypeSchemaRegister, TypeVerifierRegister, TypeVerifierRevoke, TypeGovernanceMembers:
		return nil, a.governance(tx)
	}
	return nil, errf(ErrUnknownType, "%q", p.Type)
}

// decodeOp decodes the operation of a payload in canonical form.
func decodeOp(raw []byte, v any) error {
	if err := decodeCanonical(raw, v); err != nil {
		return errf(ErrMalformed, "op: %v", err)
	}
	return nil
}

// verifySig checks one signature over the transaction's signing input.
func (a *applier) verifySig(tx *Tx, k *keys.PublicKey, sig []byte) error {
	if err := k.Verify(SigningInput(a.chain, tx.PayloadBytes), sig); err != nil {
		return errf(ErrBadSignature, "kid %q: %v", tx.Sigs[0].KID, err)
	}
	return nil
}

// fragmentOf returns the fragment a DID operation's kid names: "#frag" or
// did+"#frag".
func fragmentOf(kid, did string) (string, bool) {
	if strings.HasPrefix(kid, "#") {
		return kid, true
	}
	if did != "" {
		if f, ok := strings.CutPrefix(kid, did); ok && strings.HasPrefix(f, "#") {
			return f, true
		}
	}
	return "", false
}

// relationship selects the verification relationships whose keys may sign an
// operation.
type relationship func(*Document) [][]string

func invocation(d *Document) [][]string { return [][]string{d.CapabilityInvocation} }

func assertionOrInvocation(d *Document) [][]string {
	return [][]string{d.AssertionMethod, d.CapabilityInvocation}
}

// loadDID returns the record and current document of a DID that exists and
// is not deactivated.
func loadDID(r reader, did string) (*didRecord, *Document, error) {
	if !validDID(did) {
		return nil, nil, errf(ErrUnknownDID, "%q is not a did:cachet DID", did)
	}
	var rec didRecord
	ok, err := load(r, prefixDID+did, &rec)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, errf(ErrUnknownDID, "%s", did)
	}
	if rec.Deactivated {
		return nil, nil, errf(ErrDeactivated, "%s", did)
	}
	var doc Document
	if ok, err := load(r, versionKey(did, len(rec.Versions)), &doc); err != nil || !ok {
		return nil, nil, errf(ErrInternal, "%s: current version missing", did)
	}
	return &rec, &doc, nil
}

// authDID authenticates a DID-signed operation: the signer exists and is
// active, the one signature is by a key of the allowed relationships of its
// current document and verifies, and the sequence number is the next one.
func (a *applier) authDID(tx *Tx, rel relationship) (*didRecord, *Document, error) {
	p := &tx.Payload
	rec, doc, err := loadDID(a.o, p.Signer)
	if err != nil {
		return nil, nil, err
	}
	if len(tx.Sigs) != 1 {
		return nil, nil, errf(ErrMalformed, "a did operation carries exactly one signature, got %d", len(tx.Sigs))
	}
	frag, ok := fragmentOf(tx.Sigs[0].KID, p.Signer)
	if !ok {
		return nil, nil, errf(ErrWrongSigner, "kid %q is not a key of %s", tx.Sigs[0].KID, p.Signer)
	}
	k, ok := doc.keyFor(frag, rel(doc)...)
	if !ok {
		return nil, nil, errf(ErrWrongSigner, "%s%s may not sign %s", p.Signer, frag, p.Type)
	}
	if err := a.verifySig(tx, k, tx.Sigs[0].Sig); err != nil {
		return nil, nil, err
	}
	if p.Seq != rec.Seq+1 {
		return nil, nil, errf(ErrReplay, "%s seq %d, want %d", p.Signer, p.Seq, rec.Seq+1)
	}
	return rec, doc, nil
}

// DocumentOp is the operation of did.create and did.update.
type DocumentOp struct {
	Document Document `json:"document"`
}

// DeactivateOp is the (empty) operation of did.deactivate.
type DeactivateOp struct{}

// decodeDocumentOp decodes and validates a document operation.
func decodeDocumentOp(raw []byte) (*DocumentOp, error) {
	var op DocumentOp
	if err := decodeOp(raw, &op); err != nil {
		return nil, err
	}
	// The op is canonical, so the document's bytes are the op's minus its
	// wrapper: `{"document":` and `}`.
	if n := len(raw) - len(`{"document":}`); n > MaxDocumentSize {
		return nil, errf(ErrTooLarge, "document of %d bytes, limit %d", n, MaxDocumentSize)
	}
	if err := op.Document.Validate(); err != nil {
		return nil, err
	}
	return &op, nil
}

func (a *applier) didCreate(tx *Tx) ([]byte, error) {
	p := &tx.Payload
	// The payload cannot name the DID it creates (the DID is its hash).
	if p.Signer != "" || p.Seq != 0 {
		return nil, errf(ErrMalformed, "did.create has an empty signer and seq 0")
	}
	op, err := decodeDocumentOp(p.Op)
	if err != nil {
		return nil, err
	}
	did := DIDFromCreatePayload(tx.PayloadBytes)
	if len(tx.Sigs) != 1 {
		return nil, errf(ErrMalformed, "a did operation carries exactly one signature, got %d", len(tx.Sigs))
	}
	// did.create is signed by a capabilityInvocation key of the new
	// document: proof that the creator holds the key that will control it.
	frag, ok := fragmentOf(tx.Sigs[0].KID, did)
	if !ok {
		return nil, errf(ErrWrongSigner, "kid %q is not a key of the new document", tx.Sigs[0].KID)
	}
	k, ok := op.Document.keyFor(frag, op.Document.CapabilityInvocation)
	if !ok {
		return nil, errf(ErrWrongSigner, "%s is not a capabilityInvocation key of the new document", frag)
	}
	if err := a.verifySig(tx, k, tx.Sigs[0].Sig); err != nil {
		return nil, err
	}
	if _, ok := a.o.get(prefixDID + did); ok {
		return nil, errf(ErrExists, "%s", did)
	}
	rec := didRecord{Seq: 0, Versions: []versionEntry{{Time: a.now, Height: a.height}}}
	if err := put(a.o, prefixDID+did, &rec); err != nil {
		return nil, err
	}
	if err := put(a.o, versionKey(did, 1), &op.Document); err != nil {
		return nil, err
	}
	return []byte(did), nil
}

func (a *applier) didUpdate(tx *Tx) error {
	rec, _, err := a.authDID(tx, invocation)
	if err != nil {
		return err
	}
	op, err := decodeDocumentOp(tx.Payload.Op)
	if err != nil {
		return err
	}
	did := tx.Payload.Signer
	rec.Seq++
	rec.Versions = append(rec.Versions, versionEntry{Time: a.now, Height: a.height})
	if err := put(a.o, prefixDID+did, rec); err != nil {
		return err
	}
	return put(a.o, versionKey(did, len(rec.Versions)), &op.Document)
}

func (a *applier) didDeactivate(tx *Tx) error {
	rec, _, err := a.authDID(tx, invocation)
	if err != nil {
		return err
	}
	var op DeactivateOp
	if err := decodeOp(tx.Payload.Op, &op); err != nil {
		return err
	}
	rec.Seq++
	rec.Deactivated = true
	rec.Versions = append(rec.Versions, versionEntry{Time: a.now, Height: a.height, Deactivated: true})
	return put(a.o, prefixDID+tx.Payload.Signer, rec)
}

// StatusAnchorOp anchors the latest content of a status list: its URL, the
// SHA-256 of the content it serves ("sha256-" + base64url) and a sequence
// number strictly increasing per URL.
type StatusAnchorOp struct {
	URL      string `json:"url"`
	Digest   string `json:"digest"`
	Sequence uint64 `json:"sequence"`
}

// statusAnchor is signed by an issuer DID with a grant covering the block
// time, with a key of its assertionMethod (the key that signs its status
// lists) or capabilityInvocation relationship.
func (a *applier) statusAnchor(tx *Tx) error {
	rec, _, err := a.authDID(tx, assertionOrInvocation)
	if err != nil {
		return err
	}
	var op StatusAnchorOp
	if err := decodeOp(tx.Payload.Op, &op); err != nil {
		return err
	}
	if !validURL(op.URL) {
		return errf(ErrInvalidOp, "url %q is not an http(s) URL of at most %d bytes", op.URL, MaxStringLength)
	}
	if !validDigest(op.Digest) {
		return errf(ErrInvalidOp, "digest %q is not \"sha256-\" + base64url of 32 bytes", op.Digest)
	}
	did := tx.Payload.Signer
	var ir issuerRecord
	if _, err := load(a.o, prefixIssuer+did, &ir); err != nil {
		return err
	}
	authorised := false
	for i := range ir.Grants {
		if ir.Grants[i].covers(a.now) {
			authorised = true
			break
		}
	}
	if !authorised {
		return errf(ErrIssuerNotAuthorised, "%s holds no issuer authorisation at %s", did, a.now.Format(time.RFC3339))
	}
	var prev AnchorRecord
	ok, err := load(a.o, prefixStatus+op.URL, &prev)
	if err != nil {
		return err
	}
	if ok {
		if prev.Issuer != did {
			return errf(ErrAnchorOwner, "%s is anchored by %s", op.URL, prev.Issuer)
		}
		if op.Sequence <= prev.Sequence {
			return errf(ErrStaleAnchor, "%s sequence %d, last %d", op.URL, op.Sequence, prev.Sequence)
		}
	}
	rec.Seq++
	if err := put(a.o, prefixDID+did, rec); err != nil {
		return err
	}
	return put(a.o, prefixStatus+op.URL, &AnchorRecord{URL: op.URL, Digest: op.Digest, Sequence: op.Sequence, Issuer: did, Time: a.now, Height: a.height})
}

func validURL(s string) bool {
	return validText(s, MaxStringLength) && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) && !strings.ContainsAny(s, " \\")
}

// validDigest reports whether s is "sha256-" followed by the unpadded
// base64url encoding of 32 bytes.
func validDigest(s string) bool {
	rest, ok := strings.CutPrefix(s, "sha256-")
	if !ok || len(rest) != 43 {
		return false
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil && len(b) == 32
}

// parseTime parses an RFC 3339 UTC time with second precision in its one
// canonical form ("2026-01-02T03:04:05Z").
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.UTC().Format(time.RFC3339) != s {
		return time.Time{}, errf(ErrInvalidOp, "%s %q is not an RFC 3339 UTC time like 2026-01-02T03:04:05Z", field, s)
	}
	return t.UTC(), nil
}

// checkList checks a list of 1..max distinct non-empty strings.
func checkList(field string, list []string, max int) error {
	if len(list) == 0 || len(list) > max {
		return errf(ErrInvalidOp, "%s: %d entries, want 1 to %d", field, len(list), max)
	}
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if !validText(s, MaxStringLength) {
			return errf(ErrInvalidOp, "%s: entry %q empty, too long or with control characters", field, s)
		}
		if seen[s] {
			return errf(ErrInvalidOp, "%s lists %q twice", field, s)
		}
		seen[s] = true
	}
	return nil
}

func checkName(field string, n LocalName) error {
	if !validText(n.Zh, MaxNameLength) || !validText(n.En, MaxNameLength) {
		return errf(ErrInvalidOp, "%s: zh and en names must be non-empty text of at most %d bytes", field, MaxNameLength)
	}
	return nil
}
