package schemas

import "github.com/cachet-district/cachet/internal/strictjson"

// maxDefinitionDepth bounds the nesting of the embedded schema and metadata
// documents (the deepest is about 10).
const maxDefinitionDepth = 32

// checkJSON reports an error unless data is exactly one JSON value with no
// member name twice in any object. The schema and metadata files are hashed
// (SchemaDigest, MetadataIntegrity) and the digests anchored on the ledger,
// so they must mean one thing to every reader (STYLE rule 14).
func checkJSON(data []byte) error {
	return strictjson.Check(data, maxDefinitionDepth)
}
