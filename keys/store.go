package keys

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/internal/atomicfile"
	"github.com/cachet-district/cachet/internal/strictjson"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Key store errors. A wrong passphrase and a damaged file are told apart: the
// file carries a SHA-256 checksum of its contents (damage) and a key check
// value derived with the passphrase (wrong passphrase); anything that passes
// both and still fails to decrypt was tampered with.
var (
	ErrWrongPassphrase = errors.New("keys: wrong passphrase for key store")
	ErrStoreCorrupted  = errors.New("keys: key store file is corrupted")
	ErrStoreExists     = errors.New("keys: key store file already exists")
	ErrKeyNotFound     = errors.New("keys: no such key in store")
	ErrKeyExists       = errors.New("keys: a key with this id already exists")
)

// storeFormat names the file format, bumped on any incompatible change.
const storeFormat = "cachet-keystore-v1"

// Argon2Params are the argon2id costs (RFC 9106 §3.1) used to derive the file
// key from the passphrase.
type Argon2Params struct {
	Time    uint32 `json:"t"`
	Memory  uint32 `json:"m"` // KiB
	Threads uint8  `json:"p"`
}

// DefaultArgon2 returns RFC 9106 §4's second recommended option (t=3,
// m=64 MiB), with parallelism 2 for the 2-core machines Cachet runs on.
func DefaultArgon2() Argon2Params { return Argon2Params{Time: 3, Memory: 64 << 10, Threads: 2} }

// storeFile is the on-disk JSON document. Everything but Checksum is bound
// to the ciphertext as AEAD additional data.
type storeFile struct {
	Format   string       `json:"format"`
	KDF      Argon2Params `json:"kdf"`
	Salt     []byte       `json:"salt"`
	Check    []byte       `json:"check"` // key check value: proves the passphrase
	Nonce    []byte       `json:"nonce"`
	Sealed   []byte       `json:"sealed"`
	Checksum []byte       `json:"checksum,omitempty"` // SHA-256 of the file with this member empty
}

// StoreEntry describes one key in the store.
type StoreEntry struct {
	ID      string     `json:"id"`
	Role    Role       `json:"role"`
	Created time.Time  `json:"created"`
	Public  *PublicKey `json:"public"`
}

type storedKey struct {
	StoreEntry
	Private josejson.RawMessage `json:"private"`
}

// Store is a file of private keys encrypted at rest with a key derived from a
// passphrase by argon2id and sealed with XChaCha20-Poly1305. It is safe for
// concurrent use. Every change is written to disk before the call returns,
// atomically (a crash leaves the old or the new file, never a mix).
type Store struct {
	mu     sync.Mutex
	path   string
	params Argon2Params
	salt   []byte
	key    []byte // file key, derived once per open
	check  []byte
	keys   []storedKey
	privs  map[string]*PrivateKey
}

// CreateStore creates a new, empty key store at path. It fails with
// ErrStoreExists if a file is already there.
func CreateStore(path string, passphrase []byte, params Argon2Params) (*Store, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if len(passphrase) == 0 {
		return nil, errors.New("keys: empty key store passphrase")
	}
	if _, err := os.Stat(path); err == nil {
		return nil, fmt.Errorf("%w: %s", ErrStoreExists, path)
	}
	salt := make([]byte, 16)
	if _, err := io.ReadFull(rand.Reader, salt); err != nil {
		return nil, fmt.Errorf("keys: read random salt: %w", err)
	}
	key, check := deriveStoreKey(passphrase, salt, params)
	s := &Store{path: path, params: params, salt: salt, key: key, check: check, privs: map[string]*PrivateKey{}}
	if err := s.save(); err != nil {
		return nil, err
	}
	return s, nil
}

// OpenStore opens and decrypts the key store at path.
func OpenStore(path string, passphrase []byte) (*Store, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("keys: open key store: %w", err)
	}
	if fi.Size() > MaxStoreFileSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrStoreCorrupted, MaxStoreFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys: read key store: %w", err)
	}
	return openStoreBytes(path, data, passphrase)
}

func openStoreBytes(path string, data, passphrase []byte) (*Store, error) {
	var f storeFile
	if err := strictjson.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStoreCorrupted, err)
	}
	// The file must be exactly the encoding save writes: otherwise a change
	// that decodes to the same bytes (a base64 character's unused low bits)
	// would go unnoticed.
	if canon, err := josejson.Marshal(f); err != nil || !bytes.Equal(canon, data) {
		return nil, fmt.Errorf("%w: not in canonical form", ErrStoreCorrupted)
	}
	if f.Format != storeFormat {
		return nil, fmt.Errorf("%w: unknown format %q", ErrStoreCorrupted, f.Format)
	}
	sum := f.Checksum
	f.Checksum = nil
	if want := f.checksum(); len(sum) != len(want) || subtle.ConstantTimeCompare(sum, want) != 1 {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrStoreCorrupted)
	}
	if err := f.KDF.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStoreCorrupted, err)
	}
	if len(f.Salt) < 16 || len(f.Nonce) != chacha20poly1305.NonceSizeX || len(f.Check) != 32 {
		return nil, fmt.Errorf("%w: bad salt, nonce or check size", ErrStoreCorrupted)
	}
	key, check := deriveStoreKey(passphrase, f.Salt, f.KDF)
	if subtle.ConstantTimeCompare(check, f.Check) != 1 {
		return nil, ErrWrongPassphrase
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	plain, err := aead.Open(nil, f.Nonce, f.Sealed, f.additionalData())
	if err != nil {
		return nil, fmt.Errorf("%w: authentication failed", ErrStoreCorrupted)
	}
	var ks []storedKey
	if err := strictjson.Unmarshal(plain, &ks); err != nil {
		return nil, fmt.Errorf("%w: contents: %v", ErrStoreCorrupted, err)
	}
	s := &Store{path: path, params: f.KDF, salt: f.Salt, key: key, check: check, keys: ks, privs: map[string]*PrivateKey{}}
	for _, k := range ks {
		priv, err := ParsePrivateJWK(k.Private)
		if err != nil {
			return nil, fmt.Errorf("%w: key %q: %v", ErrStoreCorrupted, k.ID, err)
		}
		if k.Public == nil || !priv.Public().Equal(k.Public) {
			return nil, fmt.Errorf("%w: key %q: public key does not match", ErrStoreCorrupted, k.ID)
		}
		s.privs[k.ID] = priv
	}
	return s, nil
}

// Add stores key under id with a role and writes the store to disk.
func (s *Store) Add(id string, role Role, key *PrivateKey, now time.Time) error {
	if id == "" {
		return errors.New("keys: empty key id")
	}
	if !role.Valid() {
		return fmt.Errorf("keys: unknown role %q", role)
	}
	priv, err := key.MarshalPrivateJWK()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.privs[id]; ok {
		return fmt.Errorf("%w: %q", ErrKeyExists, id)
	}
	s.keys = append(s.keys, storedKey{StoreEntry{ID: id, Role: role, Created: now.UTC(), Public: key.Public()}, priv})
	s.privs[id] = key
	if err := s.save(); err != nil {
		s.keys = s.keys[:len(s.keys)-1]
		delete(s.privs, id)
		return err
	}
	return nil
}

// Remove deletes the key id and writes the store to disk.
func (s *Store) Remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.keys, func(k storedKey) bool { return k.ID == id })
	if i < 0 {
		return fmt.Errorf("%w: %q", ErrKeyNotFound, id)
	}
	old := slices.Clone(s.keys)
	s.keys = slices.Delete(s.keys, i, i+1)
	if err := s.save(); err != nil {
		s.keys = old
		return err
	}
	delete(s.privs, id)
	return nil
}

// Signer returns the key id for signing, checking it has the wanted role.
func (s *Store) Signer(id string, role Role) (*PrivateKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range s.keys {
		if k.ID == id {
			if k.Role != role {
				return nil, fmt.Errorf("keys: key %q has role %s, not %s", id, k.Role, role)
			}
			return s.privs[id], nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrKeyNotFound, id)
}

// Entries lists the keys in the store, in the order they were added.
func (s *Store) Entries() []StoreEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]StoreEntry, len(s.keys))
	for i, k := range s.keys {
		out[i] = k.StoreEntry
	}
	return out
}

// save seals the keys and replaces the file atomically. Callers hold s.mu
// (or own s exclusively).
func (s *Store) save() error {
	plain, err := josejson.Marshal(s.keys)
	if err != nil {
		return fmt.Errorf("keys: encode key store: %w", err)
	}
	if s.keys == nil {
		plain = []byte("[]")
	}
	f := storeFile{Format: storeFormat, KDF: s.params, Salt: s.salt, Check: s.check, Nonce: make([]byte, chacha20poly1305.NonceSizeX)}
	if _, err := io.ReadFull(rand.Reader, f.Nonce); err != nil {
		return fmt.Errorf("keys: read random nonce: %w", err)
	}
	aead, err := chacha20poly1305.NewX(s.key)
	if err != nil {
		return fmt.Errorf("keys: %w", err)
	}
	f.Sealed = aead.Seal(nil, f.Nonce, plain, f.additionalData())
	f.Checksum = f.checksum()
	data, err := josejson.Marshal(f)
	if err != nil {
		return fmt.Errorf("keys: encode key store: %w", err)
	}
	return writeStoreFile(s.path, data)
}

// additionalData binds the format, KDF parameters, salt and check value to
// the ciphertext, so none of them can be swapped without detection.
func (f *storeFile) additionalData() []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%d|%d|", f.Format, f.KDF.Time, f.KDF.Memory, f.KDF.Threads)
	h.Write(f.Salt)
	h.Write(f.Check)
	return h.Sum(nil)
}

func (f *storeFile) checksum() []byte {
	c := *f
	c.Checksum = nil
	b, _ := josejson.Marshal(c) // a struct of plain fields always encodes
	sum := sha256.Sum256(b)
	return sum[:]
}

func (p Argon2Params) validate() error {
	if p.Time < 1 || p.Time > MaxArgon2Time || p.Memory < 8*uint32(p.Threads) || p.Memory > MaxArgon2Memory || p.Threads < 1 || p.Threads > MaxArgon2Threads {
		return fmt.Errorf("keys: argon2id parameters out of range: t=%d m=%d p=%d", p.Time, p.Memory, p.Threads)
	}
	return nil
}

// deriveStoreKey derives 64 bytes with argon2id: the first 32 are the
// XChaCha20-Poly1305 key, the SHA-256 of the last 32 is the key check value.
func deriveStoreKey(passphrase, salt []byte, p Argon2Params) (key, check []byte) {
	out := argon2.IDKey(passphrase, salt, p.Time, p.Memory, p.Threads, 64)
	c := sha256.Sum256(out[32:])
	return out[:32], c[:]
}

// writeStoreFile creates the store's directory if needed and replaces the
// file atomically (mode 0600), so a crash never leaves a half-written store.
func writeStoreFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("keys: create key store directory: %w", err)
	}
	if err := atomicfile.Write(path, data, 0o600); err != nil {
		return fmt.Errorf("keys: write key store: %w", err)
	}
	return nil
}
