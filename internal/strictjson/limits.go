package strictjson

// Limits on outside input. Each caller passes its own nesting limit (Check,
// Decode, NewReader); document sizes are bounded by the callers before the
// bytes reach this package.
const (
	// DefaultMaxDepth is the nesting limit Unmarshal applies: far deeper than
	// any credential, JOSE header or key file, shallow enough that no input
	// can exhaust the stack of the recursive reader.
	DefaultMaxDepth = 64
)
