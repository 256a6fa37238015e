package node

// Limits on what a remote node sends back.
const (
	// MaxRPCResponse bounds one RPC answer from a remote node. The largest
	// legitimate one is a DID resolution with its history's metadata or a
	// broadcast result echoing a transaction of ledger.MaxTxSize, a few
	// hundred KiB at most once JSON- and base64-encoded.
	MaxRPCResponse = 4 << 20
)
