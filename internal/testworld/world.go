package testworld

import (
	"embed"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/didmethod/jwk"
	"github.com/cachet-district/cachet/didmethod/key"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/schemas"
)

// Epoch is the world's default time: credentials are issued at it.
var epoch = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// Epoch returns the world's starting time, 2026-11-25T08:00:00Z.
func Epoch() time.Time { return epoch }

// StatusListSize is the entries in each bureau's status list: the W3C
// herd-privacy minimum, also used for the token lists.
const StatusListSize = 131072

//go:embed citizens/*.json
var citizenFiles embed.FS

// World is one district. Its fields are for tests to read; change the
// clock with SetNow.
type World struct {
	Schemas  *schemas.Registry
	Resolver *didmethod.MultiResolver
	Bureaus  map[string]*Bureau // by ID
	Citizens []*Citizen
	now      time.Time
}

// Bureau is an issuer: a key, its did:key, the credential types it may
// issue, and its status list.
type Bureau struct {
	ID, Name, NameZH string
	Key              *keys.PrivateKey
	DID, Kid         string
	Types            []string // type IDs the bureau is authorised for
	StatusURI        string
	Status           *status.List
	alloc            *status.Allocator
}

// Citizen is a holder with a key and the claims each bureau knows of them.
type Citizen struct {
	Name   string
	Key    *keys.PrivateKey
	DID    string
	Claims map[string]map[string]any // by credential type ID
}

// bureaus are the demo district's issuers.
func bureaus() []Bureau {
	return []Bureau{
		{ID: "public-security", Name: "Chancheng Public Security Bureau", NameZH: "佛山市公安局禅城分局", Types: []string{"resident-id", "household-registration"}},
		{ID: "civil-affairs", Name: "Chancheng Civil Affairs Bureau", NameZH: "禅城区民政局", Types: []string{"marriage-certificate"}},
		{ID: "education", Name: "Foshan Education Bureau", NameZH: "佛山市教育局", Types: []string{"academic-degree"}},
		{ID: "market-supervision", Name: "Chancheng Market Supervision Bureau", NameZH: "禅城区市场监督管理局", Types: []string{"business-licence"}},
		{ID: "food-testing", Name: "Chancheng Agricultural Product Testing Station", NameZH: "禅城区农产品质量检测站", Types: []string{"food-safety-report"}},
	}
}

// New builds a world with EdDSA bureau keys and ES256 citizen keys (the
// algorithms a phone's secure element and a bureau's HSM favour).
func New(tb testing.TB) *World {
	tb.Helper()
	w, err := build(keys.EdDSA, keys.ES256)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// NewWithAlgorithms builds a world whose bureaus sign with issuerAlg and
// whose citizens hold holderAlg keys.
func NewWithAlgorithms(tb testing.TB, issuerAlg, holderAlg keys.Algorithm) *World {
	tb.Helper()
	w, err := build(issuerAlg, holderAlg)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func build(issuerAlg, holderAlg keys.Algorithm) (*World, error) {
	reg, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	res, err := didmethod.NewMultiResolver(map[string]didmethod.Resolver{"key": key.Resolver{}, "jwk": jwk.Resolver{}})
	if err != nil {
		return nil, err
	}
	w := &World{Schemas: reg, Resolver: res, Bureaus: map[string]*Bureau{}, now: epoch}
	for _, b := range bureaus() {
		b := b
		if b.Key, err = keys.Generate(issuerAlg); err != nil {
			return nil, err
		}
		if b.DID, b.Kid, err = didKey(b.Key.Public()); err != nil {
			return nil, err
		}
		b.StatusURI = "https://" + b.ID + ".chancheng.example/status/1"
		if b.Status, err = status.NewList(StatusListSize, 2); err != nil {
			return nil, err
		}
		if b.alloc, err = status.NewAllocator(StatusListSize, nil); err != nil {
			return nil, err
		}
		w.Bureaus[b.ID] = &b
	}
	entries, err := citizenFiles.ReadDir("citizens")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		data, err := citizenFiles.ReadFile("citizens/" + e.Name())
		if err != nil {
			return nil, err
		}
		c := &Citizen{}
		if err := json.Unmarshal(data, &struct {
			Name   *string                    `json:"name"`
			Claims *map[string]map[string]any `json:"claims"`
		}{&c.Name, &c.Claims}); err != nil {
			return nil, fmt.Errorf("testworld: %s: %w", e.Name(), err)
		}
		for typeID, claims := range c.Claims {
			t, ok := reg.ByID(typeID)
			if !ok {
				return nil, fmt.Errorf("testworld: %s: unknown type %q", e.Name(), typeID)
			}
			if err := t.Validate(claims); err != nil {
				return nil, fmt.Errorf("testworld: %s: %w", e.Name(), err)
			}
		}
		if c.Key, err = keys.Generate(holderAlg); err != nil {
			return nil, err
		}
		if c.DID, _, err = didKey(c.Key.Public()); err != nil {
			return nil, err
		}
		w.Citizens = append(w.Citizens, c)
	}
	return w, nil
}

// Now is the world's clock.
func (w *World) Now() time.Time { return w.now }

// SetNow moves the world's clock.
func (w *World) SetNow(t time.Time) { w.now = t }

// Bureau returns the bureau id, or panics: tests name bureaus that exist.
func (w *World) Bureau(id string) *Bureau {
	b, ok := w.Bureaus[id]
	if !ok {
		panic("testworld: no bureau " + id)
	}
	return b
}

// IssuerOf returns the bureau whose DID is did, if any.
func (w *World) IssuerOf(did string) (*Bureau, bool) {
	for _, b := range w.Bureaus {
		if b.DID == did {
			return b, true
		}
	}
	return nil, false
}

// didKey returns the did:key of pub and its verification method's DID URL.
func didKey(pub *keys.PublicKey) (did, kid string, err error) {
	d, err := key.Create(pub)
	if err != nil {
		return "", "", err
	}
	return d.String(), key.KeyID(d), nil
}
