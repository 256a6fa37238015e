package status

import (
	"time"
)

// Result is the result of the Validate Algorithm (§3.2 steps 11-15).
type Result struct {
	// Status is the value at the entry's index.
	Status uint8
	// Purpose is the statusPurpose of the entry.
	Purpose Purpose
	// Valid is true when Status is 0 (step 13): not revoked, not suspended.
	Valid bool
	// Message is the statusMessage message for Status when Purpose is
	// "message" (step 14); empty otherwise.
	Message string
}

// ValidateCredential runs the Validate Algorithm (§3.2) for entry against
// the status list credential it names, after the caller dereferenced
// statusListCredential and verified the credential's proof (step 4: a
// failure there is the caller's STATUS_RETRIEVAL_ERROR or
// STATUS_VERIFICATION_ERROR). It checks, before ValidateSubject's steps:
//
//   - the credential's type includes BitstringStatusListCredential (§2.1
//     statusListCredential);
//   - the credential's id equals the entry's statusListCredential. §2.2 says
//     the id MAY match; Cachet requires it, so that a list stapled by a
//     holder cannot be another list of the same issuer in which the index
//     happens to be unset (the Token Status List draft §8.3 step 4a makes the
//     same binding a MUST);
//   - now lies in the validity period (VCDM 2.0 §4.9).
//
// These failures are STATUS_VERIFICATION_ERROR.
func ValidateCredential(cred *StatusListCredential, entry *Entry, now time.Time) (*Result, error) {
	if cred == nil || entry == nil {
		return nil, malformed("nil status list credential or entry")
	}
	found := false
	for _, t := range cred.Type {
		found = found || t == TypeBitstringStatusListCredential
	}
	if !found {
		return nil, perr(CodeStatusVerification, ErrNotStatusListVC, "type %q", cred.Type)
	}
	if cred.ID == "" || cred.ID != entry.StatusListCredential {
		return nil, perr(CodeStatusVerification, ErrListMismatch, "credential id %q, entry names %q",
			truncate(cred.ID), truncate(entry.StatusListCredential))
	}
	// VCDM 2.0 §4.9: validFrom is "the earliest point in time at which the
	// status list is valid", validUntil "the latest".
	if !cred.ValidFrom.IsZero() && now.Before(cred.ValidFrom) {
		return nil, perr(CodeStatusVerification, ErrListNotValidYet, "validFrom %s, now %s",
			cred.ValidFrom.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if !cred.ValidUntil.IsZero() && now.After(cred.ValidUntil) {
		return nil, perr(CodeStatusVerification, ErrListExpired, "validUntil %s, now %s",
			cred.ValidUntil.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	return ValidateSubject(&cred.CredentialSubject, entry)
}

// ValidateSubject runs the steps of the Validate Algorithm (§3.2) that need
// no fetching, for entry against the subject of its (verified) status list
// credential, and returns the status.
func ValidateSubject(subject *StatusListSubject, entry *Entry) (*Result, error) {
	if subject == nil || entry == nil {
		return nil, malformed("nil status list subject or entry")
	}
	// Step 1: credentialToValidate has a credentialStatus entry that is a
	// BitstringStatusListEntry.
	if entry.Type != TypeBitstringStatusListEntry {
		return nil, malformed("entry type %q is not %q", truncate(entry.Type), TypeBitstringStatusListEntry)
	}
	if subject.Type != TypeBitstringStatusList {
		return nil, malformed("credentialSubject type %q is not %q", truncate(subject.Type), TypeBitstringStatusList)
	}
	// Step 2: minimumNumberOfEntries is MinBitstringEntries.
	// Step 3: status purpose is the entry's statusPurpose.
	purpose := entry.StatusPurpose
	// Step 5: "Verify that the status purpose is equal to a statusPurpose
	// value in the statusListCredential. ... If the values are not equal,
	// raise a STATUS_VERIFICATION_ERROR."
	if purpose == "" || !subject.StatusPurpose.Contains(string(purpose)) {
		return nil, perr(CodeStatusVerification, ErrPurposeMismatch, "entry %q, list %q", truncate(string(purpose)), []string(subject.StatusPurpose))
	}
	size := entry.Size()
	if err := checkStatusSize(size); err != nil {
		return nil, err
	}
	// Step 6-7: the compressed bitstring and the credential index.
	index, err := entry.Index()
	if err != nil {
		return nil, err
	}
	// Step 8: expand the bitstring (§3.4).
	bs, err := DecodeBitstring(subject.EncodedList)
	if err != nil {
		return nil, err
	}
	// Step 9: "If the length of the revocation bitstring divided by
	// statusSize is less than minimumNumberOfEntries, raise a
	// STATUS_LIST_LENGTH_ERROR."
	if bs.Entries(size) < MinBitstringEntries {
		return nil, perr(CodeStatusListLength, ErrListSize, "%d entries of %d bits, fewer than %d", bs.Entries(size), size, MinBitstringEntries)
	}
	// Step 10: the status at index*size; outside the bitstring is a
	// RANGE_ERROR.
	v, err := bs.Status(index, size)
	if err != nil {
		return nil, err
	}
	// Steps 11-13.
	res := &Result{Status: v, Purpose: purpose, Valid: v == 0}
	// Step 14: "If the statusPurpose is message, set the message key in
	// result to the corresponding message of the value as indicated in the
	// statusMessages array."
	if purpose == PurposeMessage && len(entry.StatusMessage) > 0 {
		msg, ok := entry.messageFor(v)
		if !ok {
			return nil, perr(CodeStatusVerification, ErrNoStatusMessage, "status 0x%x", v)
		}
		res.Message = msg
	}
	return res, nil
}
