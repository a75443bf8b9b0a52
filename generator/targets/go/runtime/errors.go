package apiclient

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// Error is a response with a status outside 2xx. Use errors.As to get it from a call's error.
type Error struct {
	StatusCode int
	RequestID  string
	Message    string
	Type       string
	Code       string
	Param      string
	Body       []byte
	Response   *http.Response
}

func (e *Error) Error() string {
	message := e.Message
	if message == "" {
		message = http.StatusText(e.StatusCode)
	}
	kind := e.Type
	if kind == "" {
		kind = "error"
	}
	id := ""
	if e.RequestID != "" {
		id = fmt.Sprintf(" (request id %s)", e.RequestID)
	}
	return fmt.Sprintf("%d %s: %s%s", e.StatusCode, kind, message, id)
}

func newError(resp *http.Response, body []byte) *Error {
	e := &Error{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("x-request-id"), Body: body, Response: resp}
	var envelope struct {
		Error json.RawMessage `json:"error"`
	}
	detail := body
	if json.Unmarshal(body, &envelope) == nil && len(envelope.Error) > 0 && envelope.Error[0] == '{' {
		detail = envelope.Error
	}
	var fields map[string]any
	if json.Unmarshal(detail, &fields) == nil {
		e.Message = text(fields["message"])
		e.Type = text(fields["type"])
		e.Code = text(fields["code"])
		e.Param = text(fields["param"])
	}
	return e
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}
