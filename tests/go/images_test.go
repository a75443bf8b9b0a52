// The generated Go client for spec/openapi.yaml, tested with `go test` in a copy of the module
// (tests/test_go_target.py copies this file in). SPEC_SERVER_URL is the Python spec server's
// base URL, which checks each request against the spec and records it for the Python side.
package openaiapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.com/openai-api-go/option"
)

var png = []byte("\x89PNG\r\n\x1a\nfake image bytes")

// The same call as the Python test makes: the spec server compares the two requests.
func TestMultipartRequestAgainstTheSpecServer(t *testing.T) {
	base := os.Getenv("SPEC_SERVER_URL")
	if base == "" {
		t.Fatal("SPEC_SERVER_URL is not set")
	}
	client := NewClient(option.WithBaseURL(base), option.WithAPIKey("sk-test-key"))
	resp, err := client.Images.NewVariation(context.Background(), ImagesNewVariationParams{
		Image: F[io.Reader](NamedFile(bytes.NewReader(png), "otter.png", "")),
		N:     F[int64](2),
		Size:  F(ImagesNewVariationParamsSize512x512),
	})
	if err != nil {
		t.Fatalf("NewVariation: %v", err)
	}
	if resp.Created == 0 {
		t.Fatalf("created is zero: %s", resp.RawJSON())
	}
}

func TestRetriesA429WithRetryAfter(t *testing.T) {
	var calls int32
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if atomic.AddInt32(&calls, 1) == 1 {
			w.Header().Set("Retry-After", "0.2")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error": {"message": "slow down", "type": "rate_limit"}}`))
			return
		}
		body, _ := io.ReadAll(r.Body)
		if !bytes.Contains(body, png) {
			t.Errorf("the retry did not resend the same body")
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"created": 7, "data": []}`))
	}))
	defer server.Close()
	client := NewClient(option.WithBaseURL(server.URL), option.WithAPIKey("k"))
	start := time.Now()
	resp, err := client.Images.NewVariation(context.Background(), ImagesNewVariationParams{Image: F[io.Reader](bytes.NewReader(png))})
	if err != nil {
		t.Fatalf("NewVariation: %v", err)
	}
	if resp.Created != 7 || atomic.LoadInt32(&calls) != 2 {
		t.Fatalf("created %d after %d calls", resp.Created, calls)
	}
	if waited := time.Since(start); waited < 150*time.Millisecond {
		t.Fatalf("Retry-After was not honoured: waited %v", waited)
	}
}

func TestA400IsATypedError(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-request-id", "req_42")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error": {"message": "Invalid image", "type": "invalid_request_error", "param": "image", "code": "bad_image"}}`))
	}))
	defer server.Close()
	client := NewClient(option.WithBaseURL(server.URL), option.WithAPIKey("k"), option.WithMaxRetries(0))
	_, err := client.Images.NewVariation(context.Background(), ImagesNewVariationParams{Image: F[io.Reader](bytes.NewReader(png))})
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("not an *Error: %v", err)
	}
	if apiErr.StatusCode != 400 || apiErr.RequestID != "req_42" || apiErr.Type != "invalid_request_error" ||
		apiErr.Param != "image" || apiErr.Code != "bad_image" || apiErr.Message != "Invalid image" {
		t.Fatalf("unexpected error fields: %+v", apiErr)
	}
	if !strings.Contains(err.Error(), "400 invalid_request_error: Invalid image (request id req_42)") {
		t.Fatalf("message: %s", err.Error())
	}
}

func TestUnknownFieldsAndEnumValuesAreKept(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"created": 1, "output_format": "avif", "brand_new": {"x": 1}, "data": [{"url": "u", "extra": true}]}`))
	}))
	defer server.Close()
	client := NewClient(option.WithBaseURL(server.URL), option.WithAPIKey("k"))
	resp, err := client.Images.NewVariation(context.Background(), ImagesNewVariationParams{Image: F[io.Reader](bytes.NewReader(png))})
	if err != nil {
		t.Fatalf("NewVariation: %v", err)
	}
	if resp.OutputFormat != "avif" {
		t.Fatalf("unknown enum value lost: %q", resp.OutputFormat)
	}
	if string(resp.ExtraFields()["brand_new"]) != `{"x": 1}` || !strings.Contains(resp.RawJSON(), "brand_new") {
		t.Fatalf("unknown field lost: %v", resp.ExtraFields())
	}
	if len(resp.Data) != 1 || resp.Data[0].URL != "u" || string(resp.Data[0].ExtraFields()["extra"]) != "true" {
		t.Fatalf("nested: %+v", resp.Data)
	}
}

func TestOmittedOptionalsAreNotSentAndNullIsSent(t *testing.T) {
	var body []byte
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		_, _ = w.Write([]byte(`{"created": 1}`))
	}))
	defer server.Close()
	client := NewClient(option.WithBaseURL(server.URL), option.WithAPIKey("k"))
	_, err := client.Images.NewVariation(context.Background(), ImagesNewVariationParams{
		Image: F[io.Reader](bytes.NewReader(png)),
		N:     Null[int64](),
	})
	if err != nil {
		t.Fatalf("NewVariation: %v", err)
	}
	text := string(body)
	for _, absent := range []string{`name="model"`, `name="size"`, `name="user"`, `name="response_format"`, `name="n"`} {
		if strings.Contains(text, absent) {
			t.Fatalf("%s was sent: %s", absent, text)
		}
	}
	if !strings.Contains(text, `name="image"; filename="file"`) || !strings.Contains(text, "Content-Type: image/png") {
		t.Fatalf("the image part: %s", text)
	}
}

func TestContextCancellationStopsTheCall(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Second)
	}))
	defer server.Close()
	client := NewClient(option.WithBaseURL(server.URL), option.WithAPIKey("k"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := client.Images.NewVariation(ctx, ImagesNewVariationParams{Image: F[io.Reader](bytes.NewReader(png))})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}
}
