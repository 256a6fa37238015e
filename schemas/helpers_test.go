package schemas

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// typeIDs are the district's types, sorted.
var typeIDs = []string{
	"academic-degree",
	"business-licence",
	"food-safety-report",
	"household-registration",
	"marriage-certificate",
	"resident-id",
}

func mustLoad(t testing.TB) *Registry {
	t.Helper()
	r, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return r
}

func mustType(t testing.TB, r *Registry, id string) *Type {
	t.Helper()
	ty, ok := r.ByID(id)
	if !ok {
		t.Fatalf("no type %q", id)
	}
	return ty
}

// readExample reads testdata/examples/<id>.json as encoding/json decodes
// it, with float64 numbers or, if useNumber, json.Number.
func readExample(t testing.TB, id string, useNumber bool) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "examples", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := checkJSON(data); err != nil {
		t.Fatalf("%s example: %v", id, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if useNumber {
		dec.UseNumber()
	}
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}
