package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
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

// request is one call, ready to send (again, on a retry: the body is bytes).
type request struct {
	method      string
	path        string
	query       url.Values
	header      http.Header
	body        []byte
	contentType string
	accept      string
}

func newRequest(method, path string) *request {
	return &request{method: method, path: path, query: url.Values{}, header: http.Header{}}
}

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

// send sends a request with retries; a 2xx response is returned with its body open.
func send(ctx context.Context, options []option.RequestOption, extra []option.RequestOption, r *request) (*http.Response, error) {
	cfg := configure(options, extra)
	target := strings.TrimRight(cfg.BaseURL, "/") + r.path
	query := r.query
	if authKind == "query" && cfg.APIKey != "" {
		query = cloneValues(query)
		query.Set(authName, cfg.APIKey)
	}
	if len(query) > 0 {
		target += "?" + query.Encode()
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
		if cfg.APIKey != "" {
			switch authKind {
			case "bearer":
				req.Header.Set("Authorization", "Bearer "+cfg.APIKey)
			case "header":
				req.Header.Set(authName, cfg.APIKey)
			}
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

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
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

// text is a value as a query, path, header or form field spells it.
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// items is a slice's items (a non-slice value: itself alone).
func items(v any) []any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() == reflect.Uint8 {
		return []any{v}
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// pathParam is a path parameter, escaped.
func pathParam(v any) string { return url.PathEscape(formatValue(v)) }

// putQuery adds a present query parameter (arrays repeat it unless explode is false).
func putQuery[T any](q url.Values, name string, f Field[T], explode bool) {
	if !f.present || f.null {
		return
	}
	values := items(f.value)
	if !explode {
		parts := make([]string, len(values))
		for i, v := range values {
			parts[i] = formatValue(v)
		}
		q.Add(name, strings.Join(parts, ","))
		return
	}
	for _, v := range values {
		q.Add(name, formatValue(v))
	}
}

// putHeader sets a present header parameter.
func putHeader[T any](h http.Header, name string, f Field[T]) {
	if f.present && !f.null {
		parts := []string{}
		for _, v := range items(f.value) {
			parts = append(parts, formatValue(v))
		}
		h.Set(name, strings.Join(parts, ","))
	}
}

// putJSON adds a present body field to a JSON object.
func putJSON[T any](m map[string]any, name string, f Field[T]) {
	if f.present {
		m[name] = f.wire()
	}
}

// putForm adds a present body field to a urlencoded form.
func putForm[T any](form url.Values, name string, f Field[T]) {
	if !f.present || f.null {
		return
	}
	for _, v := range items(f.value) {
		form.Add(name, formatValue(v))
	}
}

// jsonBody is a JSON request body.
func jsonBody(r *request, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	r.body, r.contentType = data, "application/json"
	return nil
}

// multipartForm builds a multipart/form-data body in memory, so retries resend the same bytes.
type multipartForm struct {
	buf    bytes.Buffer
	writer *multipart.Writer
	err    error
}

func newMultipart() *multipartForm {
	m := &multipartForm{}
	m.writer = multipart.NewWriter(&m.buf)
	return m
}

// putPart adds a present field: files (and lists of files) as file parts, the rest as text.
func putPart[T any](m *multipartForm, name string, f Field[T], defaultType string) {
	if !f.present || f.null || m.err != nil {
		return
	}
	for _, v := range items(f.value) {
		if r, ok := v.(io.Reader); ok {
			m.file(name, r, defaultType)
		} else if m.err == nil {
			m.err = m.writer.WriteField(name, formatValue(v))
		}
	}
}

func (m *multipartForm) file(name string, r io.Reader, defaultType string) {
	if m.err != nil {
		return
	}
	filename, contentType := "file", defaultType
	if named, ok := r.(interface{ Name() string }); ok && named.Name() != "" {
		filename = filepath.Base(named.Name())
	}
	if file, ok := r.(File); ok {
		if file.Name != "" {
			filename = file.Name
		}
		if file.ContentType != "" {
			contentType = file.ContentType
		}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	header := textproto.MIMEHeader{}
	header.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, quote(name), quote(filename)))
	header.Set("Content-Type", contentType)
	part, err := m.writer.CreatePart(header)
	if err == nil {
		_, err = io.Copy(part, r)
	}
	m.err = err
}

func quote(s string) string {
	return strings.NewReplacer("\\", "\\\\", `"`, "%22", "\r", "%0D", "\n", "%0A").Replace(s)
}

func (m *multipartForm) into(r *request) error {
	if m.err != nil {
		return m.err
	}
	if err := m.writer.Close(); err != nil {
		return err
	}
	r.body, r.contentType = m.buf.Bytes(), m.writer.FormDataContentType()
	return nil
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
