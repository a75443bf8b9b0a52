package apiclient

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Stream reads server-sent events as they arrive:
//
//	for stream.Next() { event := stream.Current() }
//	if err := stream.Err(); err != nil { ... }
type Stream[T any] struct {
	body    io.ReadCloser
	reader  *bufio.Reader
	current T
	err     error
	done    bool
}

func newStream[T any](resp *http.Response) *Stream[T] {
	return &Stream[T]{body: resp.Body, reader: bufio.NewReader(resp.Body)}
}

// Next reads the next event; false at the end of the stream or on an error (see Err).
func (s *Stream[T]) Next() bool {
	if s.done || s.err != nil {
		return false
	}
	var data []string
	for {
		line, err := s.reader.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(line, "data:") {
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
		if (line == "" && len(data) > 0) || (err != nil && len(data) > 0) {
			payload := strings.Join(data, "\n")
			if payload == "[DONE]" {
				s.done = true
				return false
			}
			var event T
			if uerr := json.Unmarshal([]byte(payload), &event); uerr != nil {
				s.err = fmt.Errorf("decoding an event: %w", uerr)
				return false
			}
			s.current = event
			return true
		}
		if err != nil {
			if err != io.EOF {
				s.err = err
			}
			s.done = true
			return false
		}
	}
}

// Current is the event Next read.
func (s *Stream[T]) Current() T { return s.current }

// Err is what stopped the stream early, if anything.
func (s *Stream[T]) Err() error { return s.err }

// Close stops reading and releases the connection.
func (s *Stream[T]) Close() error {
	s.done = true
	return s.body.Close()
}
