package ledger

import (
	"encoding/json"
	"fmt"

	"github.com/cachet-district/cachet/keys"
)

// TxSigner is one key signing a transaction: KID is the kid written into
// the envelope ("#key-1" or a full DID URL for DID operations, the member
// id for governance ones).
type TxSigner struct {
	KID    string
	Signer keys.Signer
}

// BuildTx encodes op as the payload of a transaction of the given type, seq
// and signer on chain, and signs it with every signer, in order. The result
// is in the canonical form DecodeTx requires.
func BuildTx(chain, opType string, seq uint64, signer string, op any, signers ...TxSigner) (tx []byte, payload []byte, err error) {
	opBytes, err := json.Marshal(op)
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: encode op: %w", err)
	}
	payload, err = json.Marshal(Payload{Chain: chain, Type: opType, Seq: seq, Signer: signer, Op: opBytes})
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: encode payload: %w", err)
	}
	t := Tx{PayloadBytes: payload, Sigs: make([]Signature, len(signers))}
	input := SigningInput(chain, payload)
	for i, s := range signers {
		sig, err := s.Signer.Sign(input)
		if err != nil {
			return nil, nil, fmt.Errorf("ledger: sign with %s: %w", s.KID, err)
		}
		t.Sigs[i] = Signature{KID: s.KID, Sig: sig}
	}
	return t.Encode(), payload, nil
}

// NewDIDCreate builds a did.create transaction for doc, signed by signer
// under the document's capabilityInvocation key kid ("#key-1"), and returns
// it with the DID it will register.
func NewDIDCreate(chain string, doc Document, signer keys.Signer, kid string) (tx []byte, did string, err error) {
	tx, payload, err := BuildTx(chain, TypeDIDCreate, 0, "", DocumentOp{Document: doc}, TxSigner{KID: kid, Signer: signer})
	if err != nil {
		return nil, "", err
	}
	return tx, DIDFromCreatePayload(payload), nil
}

// NewDIDUpdate builds a did.update transaction replacing did's document,
// signed by a capabilityInvocation key of its current document.
func NewDIDUpdate(chain, did string, seq uint64, doc Document, signer keys.Signer, kid string) ([]byte, error) {
	tx, _, err := BuildTx(chain, TypeDIDUpdate, seq, did, DocumentOp{Document: doc}, TxSigner{KID: kid, Signer: signer})
	return tx, err
}

// NewDIDDeactivate builds a did.deactivate transaction.
func NewDIDDeactivate(chain, did string, seq uint64, signer keys.Signer, kid string) ([]byte, error) {
	tx, _, err := BuildTx(chain, TypeDIDDeactivate, seq, did, DeactivateOp{}, TxSigner{KID: kid, Signer: signer})
	return tx, err
}

// NewStatusAnchor builds a status.anchor transaction signed by an issuer
// DID's assertionMethod or capabilityInvocation key.
func NewStatusAnchor(chain, did string, seq uint64, op StatusAnchorOp, signer keys.Signer, kid string) ([]byte, error) {
	tx, _, err := BuildTx(chain, TypeStatusAnchor, seq, did, op, TxSigner{KID: kid, Signer: signer})
	return tx, err
}

// GovernanceOp is an operation signed by governance: *MembersOp,
// *AuthorizeOp, *RevokeOp, *SchemaOp, *VerifierOp or *VerifierRevokeOp.
type GovernanceOp interface {
	opType() string
}

func (*MembersOp) opType() string        { return TypeGovernanceMembers }
func (*AuthorizeOp) opType() string      { return TypeIssuerAuthorize }
func (*RevokeOp) opType() string         { return TypeIssuerRevoke }
func (*SchemaOp) opType() string         { return TypeSchemaRegister }
func (*VerifierOp) opType() string       { return TypeVerifierRegister }
func (*VerifierRevokeOp) opType() string { return TypeVerifierRevoke }

// NewGovernanceTx builds a governance transaction with the next governance
// seq, signed by each member (KID = member id).
func NewGovernanceTx(chain string, seq uint64, op GovernanceOp, members ...TxSigner) ([]byte, error) {
	tx, _, err := BuildTx(chain, op.opType(), seq, SignerGovernance, op, members...)
	return tx, err
}
