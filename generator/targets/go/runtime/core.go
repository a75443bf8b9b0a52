package apiclient

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"example.com/apiclient/option"
)

// The retry policy, the same as the Python client's.
const (
	initialRetryDelay = 500 * time.Millisecond
	maxRetryDelay     = 8 * time.Second
	maxRetryAfter     = 60 * time.Second
)

func configure(options []option.RequestOption, extra []option.RequestOption) option.RequestConfig {
	cfg := option.RequestConfig{MaxRetries: 2}
	for _, o := range options {
		o(&cfg)
	}
	for _, o := range extra {
		o(&cfg)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	return cfg
}

// securityScheme is a credential the API accepts (client.go holds the API's, by their keys).
type securityScheme struct {
	kind string // bearer, basic or apiKey
	in   string // an apiKey's place: header, query or cookie
	name string // an apiKey's header, query parameter or cookie name
}

// authorize adds the credentials of the first alternative whose schemes all have theirs (bearer
// and apiKey need the API key, basic a username); an empty alternative (anonymous access) is
// passed over, and no alternative that can be sent means nothing is sent.
func authorize(cfg option.RequestConfig, security [][]string, header http.Header, query, cookies *[]string) {
	for _, alternative := range security {
		if len(alternative) == 0 || !available(cfg, alternative) {
			continue
		}
		for _, key := range alternative {
			scheme := securitySchemes[key]
			switch {
			case scheme.kind == "bearer":
				header.Set("Authorization", "Bearer "+cfg.APIKey)
			case scheme.kind == "basic":
				token := base64.StdEncoding.EncodeToString([]byte(cfg.Username + ":" + cfg.Password))
				header.Set("Authorization", "Basic "+token)
			case scheme.in == "query":
				*query = append(*query, escapeName(scheme.name)+"="+escape(cfg.APIKey, false))
			case scheme.in == "cookie":
				*cookies = append(*cookies, escapeName(scheme.name)+"="+escape(cfg.APIKey, false))
			default:
				header.Set(scheme.name, cfg.APIKey)
			}
		}
		return
	}
}

func available(cfg option.RequestConfig, alternative []string) bool {
	for _, key := range alternative {
		scheme, ok := securitySchemes[key]
		switch {
		case !ok:
			return false
		case scheme.kind == "basic" && cfg.Username == "":
			return false
		case scheme.kind != "basic" && cfg.APIKey == "":
			return false
		}
	}
	return true
}

// send sends a request with retries; a 2xx response is returned with its body open.
func send(ctx context.Context, options []option.RequestOption, extra []option.RequestOption, r *request) (*http.Response, error) {
	cfg := configure(options, extra)
	if err := r.finish(); err != nil {
		return nil, err
	}
	query := append([]string(nil), r.query...)
	cookies := append([]string(nil), r.cookies...)
	auth := http.Header{}
	authorize(cfg, r.security, auth, &query, &cookies)
	target := strings.TrimRight(cfg.BaseURL, "/") + r.path
	if len(query) > 0 {
		target += "?" + strings.Join(query, "&")
	}
	for attempt := 0; ; attempt++ {
		attemptCtx, cancel := ctx, context.CancelFunc(func() {})
		if cfg.RequestTimeout > 0 {
			attemptCtx, cancel = context.WithTimeout(ctx, cfg.RequestTimeout)
		}
		var body io.Reader
		if r.body != nil {
			body = bytes.NewReader(r.body)
		}
		req, err := http.NewRequestWithContext(attemptCtx, r.method, target, body)
		if err != nil {
			cancel()
			return nil, err
		}
		req.Header.Set("User-Agent", userAgent)
		if r.accept != "" {
			req.Header.Set("Accept", r.accept)
		}
		if r.contentType != "" {
			req.Header.Set("Content-Type", r.contentType)
		}
		for k, vs := range auth {
			req.Header[k] = vs
		}
		if len(cookies) > 0 {
			req.Header.Set("Cookie", strings.Join(cookies, "; "))
		}
		for k, vs := range r.header {
			req.Header[k] = vs
		}
		for k, vs := range cfg.Headers {
			req.Header[k] = vs
		}
		resp, err := cfg.HTTPClient.Do(req)
		if err != nil {
			cancel()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if attempt < cfg.MaxRetries {
				if werr := wait(ctx, retryDelay(attempt, nil)); werr != nil {
					return nil, werr
				}
				continue
			}
			return nil, fmt.Errorf("cannot reach the API: %w", err)
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			resp.Body = &closer{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		retry := shouldRetry(resp)
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		if retry && attempt < cfg.MaxRetries {
			if werr := wait(ctx, retryDelay(attempt, resp.Header)); werr != nil {
				return nil, werr
			}
			continue
		}
		return nil, newError(resp, data)
	}
}

type closer struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *closer) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

func shouldRetry(resp *http.Response) bool {
	switch strings.ToLower(resp.Header.Get("x-should-retry")) {
	case "true":
		return true
	case "false":
		return false
	}
	code := resp.StatusCode
	return code == 408 || code == 409 || code == 429 || code >= 500
}

func retryDelay(attempt int, header http.Header) time.Duration {
	if header != nil {
		if ms, err := strconv.ParseFloat(header.Get("retry-after-ms"), 64); err == nil && ms >= 0 {
			if d := time.Duration(ms * float64(time.Millisecond)); d <= maxRetryAfter {
				return d
			}
		}
		if after := header.Get("retry-after"); after != "" {
			if s, err := strconv.ParseFloat(after, 64); err == nil && s >= 0 {
				if d := time.Duration(s * float64(time.Second)); d <= maxRetryAfter {
					return d
				}
			} else if at, err := http.ParseTime(after); err == nil {
				if d := time.Until(at); d >= 0 && d <= maxRetryAfter {
					return d
				}
			}
		}
	}
	backoff := initialRetryDelay << uint(attempt)
	if backoff > maxRetryDelay || backoff <= 0 {
		backoff = maxRetryDelay
	}
	return time.Duration(float64(backoff) * (1 - 0.25*rand.Float64()))
}

func wait(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// decode reads a JSON response into a new T.
func decode[T any](resp *http.Response) (*T, error) {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	out := new(T)
	if len(bytes.TrimSpace(data)) == 0 {
		return out, nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, fmt.Errorf("decoding the response: %w", err)
	}
	return out, nil
}

// discard reads and closes a response whose body carries nothing.
func discard(resp *http.Response) error {
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// readText reads a text response.
func readText(resp *http.Response) (string, error) {
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return string(data), err
}

// envOr is an environment variable's value, or a default.
func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// extraFields are the members of a JSON object that a struct does not declare.
func extraFields(raw json.RawMessage, known ...string) map[string]json.RawMessage {
	var all map[string]json.RawMessage
	if json.Unmarshal(raw, &all) != nil {
		return nil
	}
	for _, k := range known {
		delete(all, k)
	}
	return all
}
