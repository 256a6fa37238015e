package status

import (
	"fmt"
	"strconv"
	"strings"
)

// TypeBitstringStatusListEntry is the type of a credentialStatus entry (§2.1).
const TypeBitstringStatusListEntry = "BitstringStatusListEntry"

// Purpose is a statusPurpose (§2.1, §2.2).
type Purpose string

// The status purposes whose meaning §2.1 fixes.
const (
	// PurposeRevocation cancels the validity of a credential; not reversible.
	PurposeRevocation Purpose = "revocation"
	// PurposeSuspension temporarily prevents acceptance; reversible.
	PurposeSuspension Purpose = "suspension"
	// PurposeRefresh signals that an updated credential is available.
	PurposeRefresh Purpose = "refresh"
	// PurposeMessage conveys a status message chosen from statusMessage.
	PurposeMessage Purpose = "message"
)

// StatusMessage is one element of statusMessage (§2.1): Status is the status
// value in hexadecimal prefixed with "0x"; Message a string for developers,
// not for end users.
type StatusMessage struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// Entry is a BitstringStatusListEntry (§2.1), a credentialStatus of a
// credential. StatusSize 0 means absent, which §2.1 processes as 1.
type Entry struct {
	ID                   string          `json:"id,omitempty"`
	Type                 string          `json:"type"`
	StatusPurpose        Purpose         `json:"statusPurpose"`
	StatusListIndex      string          `json:"statusListIndex"`
	StatusListCredential string          `json:"statusListCredential"`
	StatusSize           int             `json:"statusSize,omitempty"`
	StatusMessage        []StatusMessage `json:"statusMessage,omitempty"`
	StatusReference      Strings         `json:"statusReference,omitempty"`
}

// NewEntry returns the entry of a credential whose status of the given
// purpose sits at index in the status list credential at listURL, with
// statusSize 1.
func NewEntry(purpose Purpose, listURL string, index int) Entry {
	return Entry{
		Type:                 TypeBitstringStatusListEntry,
		StatusPurpose:        purpose,
		StatusListIndex:      strconv.Itoa(index),
		StatusListCredential: listURL,
	}
}

// Size returns statusSize, with §2.1's default: "If statusSize is not
// present as a property of the credentialStatus, then statusSize MUST be
// processed as 1."
func (e *Entry) Size() int {
	if e.StatusSize == 0 {
		return 1
	}
	return e.StatusSize
}

// Index returns statusListIndex as a number. It fails with
// MALFORMED_VALUE_ERROR unless the value is a base-10 integer >= 0 (§2.1)
// and with RANGE_ERROR if it exceeds any list Cachet accepts (the spec
// allows integers of arbitrary size; none of them fits in a bitstring of
// MaxListSize bytes).
func (e *Entry) Index() (uint64, error) {
	s := e.StatusListIndex
	// §2.1: "The statusListIndex property MUST be an arbitrary size integer
	// greater than or equal to 0, expressed as a string in base 10."
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, malformed("statusListIndex %q is not a base-10 integer", truncate(s))
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n >= MaxListEntries {
		return 0, perr(CodeRange, ErrIndexOutOfRange, "statusListIndex %q beyond every list", truncate(s))
	}
	return n, nil
}

// entryWire is the JSON of an entry as received, with presence kept.
type entryWire struct {
	ID                   *string              `json:"id"`
	Type                 *Strings             `json:"type"`
	StatusPurpose        *string              `json:"statusPurpose"`
	StatusListIndex      *string              `json:"statusListIndex"`
	StatusListCredential *string              `json:"statusListCredential"`
	StatusSize           *int                 `json:"statusSize"`
	StatusMessage        *[]statusMessageWire `json:"statusMessage"`
	StatusReference      *Strings             `json:"statusReference"`
}

type statusMessageWire struct {
	Status  *string `json:"status"`
	Message *string `json:"message"`
}

// ParseEntry decodes a BitstringStatusListEntry and checks the MUSTs of
// §2.1, in the order of its table. Failures are MALFORMED_VALUE_ERROR,
// except a statusSize above MaxStatusSize (STATUS_VERIFICATION_ERROR: valid,
// but not supported here).
func ParseEntry(data []byte) (*Entry, error) {
	if len(data) > MaxEntrySize {
		return nil, malformed("entry of %d bytes, limit %d", len(data), MaxEntrySize)
	}
	var w entryWire
	if err := decodeObject(data, &w); err != nil {
		return nil, malformed("entry: %v", err)
	}
	e := &Entry{}
	// type: "The type property MUST be BitstringStatusListEntry."
	if w.Type == nil || len(*w.Type) != 1 || (*w.Type)[0] != TypeBitstringStatusListEntry {
		return nil, malformed("entry type must be %q", TypeBitstringStatusListEntry)
	}
	e.Type = TypeBitstringStatusListEntry
	// statusPurpose: "The purpose of the status entry MUST be a string."
	if w.StatusPurpose == nil || *w.StatusPurpose == "" {
		return nil, malformed("entry statusPurpose must be a non-empty string")
	}
	e.StatusPurpose = Purpose(*w.StatusPurpose)
	// statusListIndex: a base-10 integer >= 0 as a string.
	if w.StatusListIndex == nil {
		return nil, malformed("entry lacks statusListIndex")
	}
	e.StatusListIndex = *w.StatusListIndex
	if _, err := e.Index(); err != nil && !isCode(err, CodeRange) {
		return nil, err
	}
	// statusListCredential: "MUST be a URL to a verifiable credential."
	if w.StatusListCredential == nil || !isAbsoluteURI(*w.StatusListCredential) {
		return nil, malformed("entry statusListCredential must be a URL")
	}
	e.StatusListCredential = *w.StatusListCredential
	// id: optional; "It MUST NOT be the URL for the status list."
	if w.ID != nil {
		if *w.ID == e.StatusListCredential {
			return nil, malformed("entry id must not be the URL of the status list")
		}
		e.ID = *w.ID
	}
	// statusSize: "If present, statusSize MUST be an integer greater than zero."
	if w.StatusSize != nil {
		if err := checkStatusSize(*w.StatusSize); err != nil {
			return nil, err
		}
		e.StatusSize = *w.StatusSize
	}
	// "If statusSize is provided and is greater than 1, then the property
	// credentialStatus.statusMessage MUST be present".
	if e.Size() > 1 && w.StatusMessage == nil {
		return nil, malformed("entry with statusSize %d lacks statusMessage", e.Size())
	}
	if w.StatusMessage != nil {
		msgs, err := checkStatusMessages(*w.StatusMessage, e.Size())
		if err != nil {
			return nil, err
		}
		e.StatusMessage = msgs
	}
	// statusReference: "its value MUST be a URL or an array of URLs".
	if w.StatusReference != nil {
		if len(*w.StatusReference) == 0 {
			return nil, malformed("entry statusReference is empty")
		}
		for _, u := range *w.StatusReference {
			if !isAbsoluteURI(u) {
				return nil, malformed("entry statusReference %q is not a URL", truncate(u))
			}
		}
		e.StatusReference = *w.StatusReference
	}
	return e, nil
}

// checkStatusMessages applies §2.1 statusMessage: an array "the length of
// which MUST equal the number of possible status messages indicated by
// statusSize"; "each element MUST contain the two properties", status being
// "the hexadecimal value of the status prefixed with 0x". Cachet also
// rejects a value that does not fit statusSize or appears twice: with
// exactly 2^statusSize elements either would leave a value without message.
func checkStatusMessages(in []statusMessageWire, size int) ([]StatusMessage, error) {
	want := 1 << size
	if len(in) != want {
		return nil, malformed("statusMessage has %d elements, statusSize %d needs %d", len(in), size, want)
	}
	seen := make([]bool, want)
	out := make([]StatusMessage, len(in))
	for i, m := range in {
		if m.Status == nil || m.Message == nil {
			return nil, malformed("statusMessage[%d] lacks status or message", i)
		}
		v, err := parseHexStatus(*m.Status)
		if err != nil || v >= uint64(want) {
			return nil, malformed("statusMessage[%d] status %q is not 0x-prefixed hex below %d", i, truncate(*m.Status), want)
		}
		if seen[v] {
			return nil, malformed("statusMessage[%d] repeats status %s", i, *m.Status)
		}
		seen[v] = true
		out[i] = StatusMessage{Status: *m.Status, Message: *m.Message}
	}
	return out, nil
}

// parseHexStatus reads "0x" followed by hexadecimal digits.
func parseHexStatus(s string) (uint64, error) {
	digits, ok := strings.CutPrefix(s, "0x")
	if !ok || digits == "" || len(digits) > 16 {
		return 0, fmt.Errorf("status: %q is not 0x-prefixed hex", s)
	}
	return strconv.ParseUint(digits, 16, 64)
}

// messageFor returns the message of status value v.
func (e *Entry) messageFor(v uint8) (string, bool) {
	for _, m := range e.StatusMessage {
		if n, err := parseHexStatus(m.Status); err == nil && n == uint64(v) {
			return m.Message, true
		}
	}
	return "", false
}

// isCode reports whether err is a *ProcessingError with code c.
func isCode(err error, c ErrorCode) bool {
	pe, ok := err.(*ProcessingError)
	return ok && pe.Code == c
}

// truncate shortens outside text quoted in an error message.
func truncate(s string) string {
	const max = 64
	if len(s) > max {
		return s[:max] + "..."
	}
	return s
}
