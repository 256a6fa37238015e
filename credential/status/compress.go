package status

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// b64 is base64url without padding (RFC 4648 §5; RFC 7515 §2), rejecting
// non-zero trailing bits so that each list has exactly one text form.
var b64 = base64.RawURLEncoding.Strict()

func decodeBase64URL(s string) ([]byte, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return b, nil
}

// maxDeflateRatio is about the largest expansion DEFLATE allows (RFC 1951:
// a 258-byte match per 2 bits of code, plus block overhead).
const maxDeflateRatio = 1032

// readBounded reads r to its end, failing with ErrListTooLarge as soon as
// more than MaxListSize bytes come out: the decompression-bomb guard. hint
// is a capacity to start with, clamped to the limit.
func readBounded(r io.Reader, hint int) ([]byte, error) {
	if hint < 0 || hint > MaxListSize {
		hint = MaxListSize
	}
	var buf bytes.Buffer
	buf.Grow(hint + bytes.MinRead)
	_, err := buf.ReadFrom(io.LimitReader(r, MaxListSize+1))
	if buf.Len() > MaxListSize {
		return nil, fmt.Errorf("%w: more than %d bytes decompressed", ErrListTooLarge, MaxListSize)
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// gunzip expands GZIP data (RFC 1952), bounded by MaxListSize. A file of
// several members is accepted as RFC 1952 §2.2 allows; bytes after the last
// member are an error.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotGzip, err)
	}
	// The ISIZE trailer (RFC 1952 §2.3.1) of an honest single-member file is
	// the size; it only sizes the first allocation, never the limit, and no
	// more than DEFLATE's largest ratio (about 1032:1) can justify.
	hint := 0
	if len(data) >= 4 {
		hint = int(min(binary.LittleEndian.Uint32(data[len(data)-4:]), uint32(min(maxDeflateRatio*len(data), MaxListSize))))
	}
	out, err := readBounded(zr, hint)
	if errors.Is(err, ErrListTooLarge) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotGzip, err)
	}
	return out, nil
}

// unzlib expands ZLIB data (RFC 1950), bounded by MaxListSize. A preset
// dictionary and bytes after the Adler-32 trailer are errors.
func unzlib(data []byte) ([]byte, error) {
	br := bytes.NewReader(data)
	zr, err := zlib.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZlib, err)
	}
	// ZLIB records no size; start small and let the buffer grow.
	out, err := readBounded(zr, 8*len(data))
	if errors.Is(err, ErrListTooLarge) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZlib, err)
	}
	// bytes.Reader is an io.ByteReader, so flate reads no further than the
	// end of the stream: whatever is left is trailing garbage.
	if br.Len() != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the end of the stream", ErrNotZlib, br.Len())
	}
	return out, nil
}

// gzipBytes compresses raw with GZIP at the best compression level.
func gzipBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("status: gzip: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("status: gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("status: gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// zlibBytes compresses raw with ZLIB at the highest compression level, as
// the Token Status List draft §4.1 step 4 recommends.
func zlibBytes(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("status: zlib: %w", err)
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, fmt.Errorf("status: zlib: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("status: zlib: %w", err)
	}
	return buf.Bytes(), nil
}
