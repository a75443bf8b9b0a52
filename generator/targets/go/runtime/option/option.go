// Package option holds the client's functional options: pass them to NewClient, or to one call.
package option

import (
	"net/http"
	"time"
)

// RequestConfig is what the options set; the client reads it for each request.
type RequestConfig struct {
	APIKey         string
	Username       string
	Password       string
	BaseURL        string
	MaxRetries     int
	RequestTimeout time.Duration
	HTTPClient     *http.Client
	Headers        http.Header
}

// RequestOption changes the configuration of a client or of one request.
type RequestOption func(*RequestConfig)

// WithAPIKey sets the API key (by default it comes from the environment).
func WithAPIKey(key string) RequestOption {
	return func(c *RequestConfig) { c.APIKey = key }
}

// WithBasicAuth sets the username and password sent to operations that accept HTTP basic
// authentication (the password may be empty).
func WithBasicAuth(username, password string) RequestOption {
	return func(c *RequestConfig) { c.Username, c.Password = username, password }
}

// WithBaseURL sets the API's base URL, such as "http://localhost:8080/v1".
func WithBaseURL(url string) RequestOption {
	return func(c *RequestConfig) { c.BaseURL = url }
}

// WithMaxRetries sets how many times a failed request is retried (default 2).
func WithMaxRetries(n int) RequestOption {
	return func(c *RequestConfig) { c.MaxRetries = n }
}

// WithRequestTimeout bounds each attempt of a request (0: no bound but the context's).
func WithRequestTimeout(d time.Duration) RequestOption {
	return func(c *RequestConfig) { c.RequestTimeout = d }
}

// WithHTTPClient sets the *http.Client that sends the requests.
func WithHTTPClient(client *http.Client) RequestOption {
	return func(c *RequestConfig) { c.HTTPClient = client }
}

// WithHeader adds a header to every request it applies to.
func WithHeader(key, value string) RequestOption {
	return func(c *RequestConfig) {
		if c.Headers == nil {
			c.Headers = http.Header{}
		}
		c.Headers.Set(key, value)
	}
}
