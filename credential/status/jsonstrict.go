package status

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"slices"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// decodeObject decodes a JSON object into v with internal/strictjson, which
// rejects duplicate member names at every depth (STYLE rule 14), deep
// nesting and trailing data, and matches member names case-sensitively.
func decodeObject(data []byte, v any) error {
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return errors.New("not a JSON object")
	}
	return strictjson.Unmarshal(data, v)
}

// Strings is a JSON value that is a single string or an array of strings, as
// VCDM 2.0 allows for type and as Bitstring Status List uses for
// statusPurpose and statusReference. A single string marshals as a string.
type Strings []string

// MarshalJSON writes one string bare and any other number as an array.
func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON reads a string or an array of strings.
func (s *Strings) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return errors.New("status: want a string or an array of strings, got null")
	}
	var one string
	if err := josejson.Unmarshal(data, &one); err == nil {
		*s = Strings{one}
		return nil
	}
	var many []string
	if err := josejson.Unmarshal(data, &many); err != nil {
		return errors.New("status: want a string or an array of strings")
	}
	*s = many
	return nil
}

// Contains reports whether v is one of the strings.
func (s Strings) Contains(v string) bool { return slices.Contains(s, v) }

// isAbsoluteURI reports whether s is a URI in the sense of RFC 3986 §3 (a
// scheme, then the rest), not a relative reference.
func isAbsoluteURI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "" || u.Path != "")
}
