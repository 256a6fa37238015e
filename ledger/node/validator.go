package node

import (
	"fmt"

	"github.com/cometbft/cometbft/crypto/ed25519"
)

// ValidatorKey returns the node's consensus public key (raw Ed25519), the
// key a governance vote names to add, re-weigh or remove this node as a
// validator (ledger.MembersOp.Validators).
func (n *Node) ValidatorKey() ([]byte, error) {
	pub, err := n.pv.GetPubKey()
	if err != nil {
		return nil, fmt.Errorf("node: validator key: %w", err)
	}
	if pub.Type() != ed25519.KeyType {
		return nil, fmt.Errorf("node: validator key of type %s, want %s", pub.Type(), ed25519.KeyType)
	}
	return pub.Bytes(), nil
}
