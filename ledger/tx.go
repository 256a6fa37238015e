package ledger

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// SigningDomain prefixes every signed transaction payload, so that a ledger
// signature can never be mistaken for a signature of any other Cachet
// protocol (a JWS, a key-binding JWT) made with the same key.
const SigningDomain = "cachet-ledger-tx-v1\n"

// Operation types.
const (
	TypeDIDCreate         = "did.create"
	TypeDIDUpdate         = "did.update"
	TypeDIDDeactivate     = "did.deactivate"
	TypeIssuerAuthorize   = "issuer.authorize"
	TypeIssuerRevoke      = "issuer.revoke"
	TypeSchemaRegister    = "schema.register"
	TypeStatusAnchor      = "status.anchor"
	TypeVerifierRegister  = "verifier.register"
	TypeVerifierRevoke    = "verifier.revoke"
	TypeGovernanceMembers = "governance.members"
)

// SignerGovernance is the payload signer of every governance operation.
const SignerGovernance = "governance"

// Tx is a decoded, unverified transaction: the exact payload bytes that were
// signed, their decoded header, and the signatures.
type Tx struct {
	// PayloadBytes are the signed bytes, exactly as they came in.
	PayloadBytes []byte
	Payload      Payload
	Sigs         []Signature
}

// Payload is the signed content of a transaction. Op is the canonical JSON
// of the operation, decoded by the handler of Type.
type Payload struct {
	Chain  string          `json:"chain"`
	Type   string          `json:"type"`
	Seq    uint64          `json:"seq"`
	Signer string          `json:"signer"`
	Op     json.RawMessage `json:"op"`
}

// Signature is one signature over SigningInput(chain, payload). KID names the
// key: a DID URL ("did:cachet:...#key-1", or "#key-1" relative to the
// signer) for DID operations, a governance member id for governance ones.
type Signature struct {
	KID string
	Sig []byte
}

// envelope is the transaction's wire form.
type envelope struct {
	Payload string        `json:"payload"`
	Sigs    []envelopeSig `json:"sigs"`
}

type envelopeSig struct {
	KID string `json:"kid"`
	Sig string `json:"sig"`
}

// SigningInput returns the bytes a transaction signature covers:
// SigningDomain, the chain id, a newline, then the payload bytes as sent.
func SigningInput(chain string, payload []byte) []byte {
	out := make([]byte, 0, len(SigningDomain)+len(chain)+1+len(payload))
	out = append(out, SigningDomain...)
	out = append(out, chain...)
	out = append(out, '\n')
	return append(out, payload...)
}

// DecodeTx parses transaction bytes without verifying anything but their
// form. Both the envelope and the payload must be in canonical form: exactly
// the bytes Encode and the builders of client.go produce (encoding/json of
// the typed structs, no white space, no unknown members, unpadded base64url),
// so there is one encoding of each transaction and no member a decoder could
// read differently from the signer. Duplicate member names and invalid UTF-8
// are rejected by internal/strictjson.
func DecodeTx(data []byte) (*Tx, error) {
	if len(data) > MaxTxSize {
		return nil, errf(ErrTooLarge, "transaction of %d bytes, limit %d", len(data), MaxTxSize)
	}
	var env envelope
	if err := decodeCanonical(data, &env); err != nil {
		return nil, errf(ErrMalformed, "envelope: %v", err)
	}
	if len(env.Sigs) == 0 {
		return nil, errf(ErrMalformed, "no signatures")
	}
	if len(env.Sigs) > MaxSignatures {
		return nil, errf(ErrTooLarge, "%d signatures, limit %d", len(env.Sigs), MaxSignatures)
	}
	tx := &Tx{Sigs: make([]Signature, len(env.Sigs))}
	var err error
	if tx.PayloadBytes, err = base64.RawURLEncoding.Strict().DecodeString(env.Payload); err != nil {
		return nil, errf(ErrMalformed, "payload is not base64url: %v", err)
	}
	for i, s := range env.Sigs {
		if len(s.KID) == 0 || len(s.KID) > MaxStringLength {
			return nil, errf(ErrMalformed, "signature %d: kid empty or longer than %d", i, MaxStringLength)
		}
		sig, err := base64.RawURLEncoding.Strict().DecodeString(s.Sig)
		if err != nil {
			return nil, errf(ErrMalformed, "signature %d is not base64url: %v", i, err)
		}
		if len(sig) == 0 || len(sig) > MaxSignatureSize {
			return nil, errf(ErrMalformed, "signature %d: %d bytes", i, len(sig))
		}
		tx.Sigs[i] = Signature{KID: s.KID, Sig: sig}
	}
	if err := decodeCanonical(tx.PayloadBytes, &tx.Payload); err != nil {
		return nil, errf(ErrMalformed, "payload: %v", err)
	}
	if len(tx.Payload.Op) == 0 || tx.Payload.Op[0] != '{' {
		return nil, errf(ErrMalformed, "op is not an object")
	}
	// The envelope was canonical, so re-encoding gives the input back; this
	// holds even for base64 with non-zero trailing bits, which Strict rejects.
	return tx, nil
}

// Encode returns the wire form of the transaction.
func (tx *Tx) Encode() []byte {
	env := envelope{Payload: base64.RawURLEncoding.EncodeToString(tx.PayloadBytes), Sigs: make([]envelopeSig, len(tx.Sigs))}
	for i, s := range tx.Sigs {
		env.Sigs[i] = envelopeSig{KID: s.KID, Sig: base64.RawURLEncoding.EncodeToString(s.Sig)}
	}
	out, err := json.Marshal(env)
	if err != nil {
		// Marshalling strings and slices of strings cannot fail.
		return nil
	}
	return out
}

// decodeCanonical decodes data strictly into v and requires data to be
// exactly json.Marshal(v).
func decodeCanonical(data []byte, v any) error {
	if err := strictjson.Check(data, MaxJSONDepth); err != nil {
		return err
	}
	if err := strictjson.Unmarshal(data, v); err != nil {
		return err
	}
	again, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !bytes.Equal(again, data) {
		return errNotCanonical
	}
	return nil
}

type canonicalError struct{}

func (canonicalError) Error() string {
	return "not in canonical form (white space, member order, unknown or defaulted members, escaping)"
}

var errNotCanonical error = canonicalError{}

// decodeStrict decodes outside JSON that need not be canonical (queries, a
// genesis file): duplicate member names and invalid UTF-8 are still
// rejected.
func decodeStrict(data []byte, v any) error {
	if err := strictjson.Check(data, MaxJSONDepth); err != nil {
		return err
	}
	return strictjson.Unmarshal(data, v)
}
