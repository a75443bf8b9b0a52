package APIClient::Runtime;

# The client's machinery: arguments checked against the spec, requests built (JSON, forms,
# multipart) and sent with HTTP::Tiny, retries, responses decoded, errors thrown as objects.
# Core modules only.

use strict;
use warnings;

use Carp qw(croak);
use HTTP::Tiny;
use JSON::PP ();
use APIClient::Error;

our $VERSION = '0.1.0';

my $JSON = JSON::PP->new->utf8->canonical->allow_nonref;

sub new {
    my ( $class, %opts ) = @_;
    my $spec = $class->_api;
    my $self = bless {
        api_key => exists $opts{api_key} ? $opts{api_key} : $ENV{ $spec->{api_key_env} },
        base_url => $opts{base_url} || $ENV{ $spec->{base_url_env} } || $spec->{base_url},
        timeout => defined $opts{timeout} ? $opts{timeout} : 600,
        max_retries => defined $opts{max_retries} ? $opts{max_retries} : 2,
        initial_retry_delay => defined $opts{initial_retry_delay} ? $opts{initial_retry_delay} : 0.5,
        max_retry_delay => defined $opts{max_retry_delay} ? $opts{max_retry_delay} : 8,
    }, $class;
    if ( $spec->{auth_required} && !defined $self->{api_key} ) {
        croak "no API key: pass api_key => ... or set $spec->{api_key_env}";
    }
    $self->{http} = $opts{http} || HTTP::Tiny->new(
        timeout => $self->{timeout},
        agent => $spec->{user_agent},
    );
    return $self;
}

# _call($op, \%args): $op is the operation's table (see the resource modules).
sub _call {
    my ( $self, $op, $args ) = @_;
    $args = {} unless defined $args;
    croak "$op->{name}: arguments must be a hash reference" unless ref $args eq 'HASH';
    my %known = map { $_->{name} => 1 } @{ $op->{params} };
    $known{body} = 1 if $op->{body};
    $known{$_} = 1 for qw(save_to on_event headers);
    for my $name ( sort keys %$args ) {
        croak "$op->{name}: unknown argument '$name'" unless $known{$name};
    }
    my $path = $op->{path};
    my ( @query, %headers );
    for my $p ( @{ $op->{params} } ) {
        my $value = $args->{ $p->{name} };
        if ( !defined $value ) {
            croak "$op->{name}: missing required argument '$p->{name}'" if $p->{required};
            next;
        }
        _check( $op, $p, $value );
        if ( $p->{in} eq 'path' ) {
            my $text = _escape( _text($value) );
            $path =~ s/\{\Q$p->{name}\E\}/$text/;
        }
        elsif ( $p->{in} eq 'query' ) {
            push @query, map { [ $p->{name}, _text($_) ] } ( ref $value eq 'ARRAY' ? @$value : ($value) );
        }
        elsif ( $p->{in} eq 'header' ) {
            $headers{ $p->{name} } = join ',', map { _text($_) } ( ref $value eq 'ARRAY' ? @$value : ($value) );
        }
    }
    my ( $content, $content_type ) = $self->_body( $op, $args->{body} );
    my $spec = $self->_api;
    if ( defined $self->{api_key} ) {
        if ( $spec->{auth_kind} eq 'bearer' ) { $headers{Authorization} = "Bearer $self->{api_key}" }
        elsif ( $spec->{auth_kind} eq 'header' ) { $headers{ $spec->{auth_name} } = $self->{api_key} }
        elsif ( $spec->{auth_kind} eq 'query' ) { push @query, [ $spec->{auth_name}, $self->{api_key} ] }
    }
    $headers{'Content-Type'} = $content_type if defined $content_type;
    $headers{Accept} = $op->{accept} if $op->{accept};
    %headers = ( %headers, %{ $args->{headers} || {} } );
    my $url = $self->{base_url};
    $url =~ s{/+$}{};
    $url .= $path;
    $url .= '?' . join '&', map { _escape( $_->[0] ) . '=' . _escape( $_->[1] ) } @query if @query;
    my $response = $self->_send( $op->{method}, $url, \%headers, $content, $args );
    return $self->_result( $op, $response, $args );
}

sub _body {
    my ( $self, $op, $body ) = @_;
    my $spec = $op->{body} or return;
    if ( !defined $body ) {
        croak "$op->{name}: missing required argument 'body'" if $spec->{required};
        return;
    }
    if ( $spec->{kind} eq 'binary' || $spec->{kind} eq 'text' ) {
        return ( _file_content($body)->[0], $spec->{content_type} );
    }
    if ( $spec->{whole} ) {
        return ( $JSON->encode($body), 'application/json' );
    }
    croak "$op->{name}: body must be a hash reference" unless ref $body eq 'HASH';
    my %fields = map { $_->{name} => $_ } @{ $spec->{fields} };
    for my $f ( @{ $spec->{fields} } ) {
        croak "$op->{name}: missing required body field '$f->{name}'" if $f->{required} && !exists $body->{ $f->{name} };
    }
    for my $name ( sort keys %$body ) {
        _check( $op, $fields{$name}, $body->{$name} ) if $fields{$name} && defined $body->{$name};
    }
    if ( $spec->{kind} eq 'json' ) {
        return ( $JSON->encode($body), 'application/json' );
    }
    if ( $spec->{kind} eq 'form' ) {
        my @pairs;
        for my $name ( sort keys %$body ) {
            my $value = $body->{$name};
            next unless defined $value;
            push @pairs, map { _escape($name) . '=' . _escape( _text($_) ) } ( ref $value eq 'ARRAY' ? @$value : ($value) );
        }
        return ( join( '&', @pairs ), 'application/x-www-form-urlencoded' );
    }
    return _multipart( $body, \%fields, $spec->{fields} );
}

# multipart/form-data: HTTP::Tiny has no encoder. Fields in the spec's order, then the others.
sub _multipart {
    my ( $body, $fields, $order ) = @_;
    my $boundary = '----perl-client-' . join '', map { ( 'a' .. 'z', 0 .. 9 )[ rand 36 ] } 1 .. 24;
    my @names = grep { exists $body->{$_} } map { $_->{name} } @$order;
    my %listed = map { $_ => 1 } @names;
    push @names, grep { !$listed{$_} } sort keys %$body;
    my $out = '';
    for my $name (@names) {
        my $value = $body->{$name};
        next unless defined $value;
        my $field = $fields->{$name} || {};
        my @values = ( ref $value eq 'ARRAY' && !( $field->{file} && _is_file_triple($value) ) ) ? @$value : ($value);
        for my $item (@values) {
            $out .= "--$boundary\r\n";
            if ( $field->{file} ) {
                my ( $content, $filename, $type ) = @{ _file_content($item) };
                $type ||= $field->{content_type} || 'application/octet-stream';
                $out .= sprintf qq{Content-Disposition: form-data; name="%s"; filename="%s"\r\n}, _quote($name), _quote($filename);
                $out .= "Content-Type: $type\r\n\r\n$content\r\n";
            }
            else {
                $out .= sprintf qq{Content-Disposition: form-data; name="%s"\r\n\r\n}, _quote($name);
                $out .= ( ref $item ? $JSON->encode($item) : _text($item) ) . "\r\n";
            }
        }
    }
    $out .= "--$boundary--\r\n";
    return ( $out, "multipart/form-data; boundary=$boundary" );
}

sub _is_file_triple {
    my ($value) = @_;
    return @$value >= 1 && @$value <= 3 && !ref $value->[0] && ( @$value == 1 || !ref $value->[1] );
}

# A file: a path, a filehandle, or [ $content, $filename, $content_type ].
sub _file_content {
    my ($file) = @_;
    if ( ref $file eq 'ARRAY' ) {
        return [ $file->[0], defined $file->[1] ? $file->[1] : 'file', $file->[2] ];
    }
    if ( ref $file eq 'GLOB' || ( ref $file && eval { $file->can('read') } ) ) {
        local $/;
        binmode $file;
        my $content = <$file>;
        return [ defined $content ? $content : '', 'file', undef ];
    }
    open my $fh, '<:raw', $file or croak "cannot read $file: $!";
    local $/;
    my $content = <$fh>;
    close $fh;
    ( my $name = $file ) =~ s{.*[/\\]}{};
    return [ $content, $name, undef ];
}

sub _quote {
    my ($text) = @_;
    $text =~ s/"/%22/g;
    $text =~ s/\r/%0D/g;
    $text =~ s/\n/%0A/g;
    return $text;
}

sub _check {
    my ( $op, $rule, $value ) = @_;
    return unless $rule;
    my $name = $rule->{name};
    for my $item ( ref $value eq 'ARRAY' ? @$value : ($value) ) {
        next if ref $item;
        if ( $rule->{enum} && !grep { $_ eq $item } @{ $rule->{enum} } ) {
            croak "$op->{name}: $name must be one of " . join( ', ', @{ $rule->{enum} } ) . ", got '$item'";
        }
        croak "$op->{name}: $name must be at least $rule->{minimum}, got $item"
          if defined $rule->{minimum} && $item =~ /^-?[\d.]+(?:e[-+]?\d+)?$/i && $item < $rule->{minimum};
        croak "$op->{name}: $name must be at most $rule->{maximum}, got $item"
          if defined $rule->{maximum} && $item =~ /^-?[\d.]+(?:e[-+]?\d+)?$/i && $item > $rule->{maximum};
    }
    return;
}

sub _text {
    my ($value) = @_;
    return $value ? 'true' : 'false' if JSON::PP::is_bool($value);
    return ref $value ? $JSON->encode($value) : "$value";
}

sub _escape {
    my ($text) = @_;
    utf8::encode($text) if utf8::is_utf8($text);
    $text =~ s/([^A-Za-z0-9\-._~])/sprintf '%%%02X', ord $1/ge;
    return $text;
}

sub _send {
    my ( $self, $method, $url, $headers, $content, $args ) = @_;
    my $attempt = 0;
    while (1) {
        my %options = ( headers => $headers );
        $options{content} = $content if defined $content;
        if ( $args->{on_event} ) {
            my $buffer = '';
            $options{data_callback} = sub {
                my ( $chunk, $response ) = @_;
                if ( $response->{status} =~ /^2/ ) {
                    $buffer .= $chunk;
                    while ( $buffer =~ s/^(.*?)\r?\n\r?\n//s ) {
                        my $data = join "\n", map { /^data: ?(.*)$/ ? $1 : () } split /\r?\n/, $1;
                        next if $data eq '' || $data eq '[DONE]';
                        $args->{on_event}->( $JSON->decode($data) );
                    }
                }
                else {
                    $response->{content} .= $chunk;
                }
            };
        }
        my $response = $self->{http}->request( $method, $url, \%options );
        my $status = $response->{status};
        return $response if $status =~ /^2/;
        my $retry = $status == 599 || $status == 408 || $status == 409 || $status == 429 || $status >= 500;
        my $should = lc( $response->{headers}{'x-should-retry'} || '' );
        $retry = 1 if $should eq 'true';
        $retry = 0 if $should eq 'false';
        if ( $retry && $attempt < $self->{max_retries} ) {
            select undef, undef, undef, $self->_delay( $attempt, $response->{headers} );
            $attempt++;
            next;
        }
        die APIClient::Error->from_response($response);
    }
}

sub _delay {
    my ( $self, $attempt, $headers ) = @_;
    my $ms = $headers->{'retry-after-ms'};
    return $ms / 1000 if defined $ms && $ms =~ /^\d+(?:\.\d+)?$/ && $ms / 1000 <= 60;
    my $after = $headers->{'retry-after'};
    return $after if defined $after && $after =~ /^\d+(?:\.\d+)?$/ && $after <= 60;
    my $backoff = $self->{initial_retry_delay} * 2**$attempt;
    $backoff = $self->{max_retry_delay} if $backoff > $self->{max_retry_delay};
    return $backoff * ( 1 - 0.25 * rand );
}

sub _result {
    my ( $self, $op, $response, $args ) = @_;
    my $kind = $op->{response};
    return 1 if $args->{on_event} || $kind eq 'empty';
    my $content = $response->{content};
    if ( $kind eq 'binary' ) {
        return $content unless defined $args->{save_to};
        open my $fh, '>:raw', $args->{save_to} or croak "cannot write $args->{save_to}: $!";
        print {$fh} $content;
        close $fh or croak "cannot write $args->{save_to}: $!";
        return $args->{save_to};
    }
    return $content if $kind eq 'text';
    return undef unless defined $content && length $content;
    my $decoded = eval { $JSON->decode($content) };
    die APIClient::Error->new(
        status => $response->{status},
        type => 'invalid_response',
        message => "the response is not JSON: $@",
        request_id => $response->{headers}{'x-request-id'},
    ) if $@;
    return $decoded;
}

1;

__END__

=head1 NAME

APIClient::Runtime - how the client's methods send requests

=head1 DESCRIPTION

The base class of the client: C<new> (api_key, base_url, timeout, max_retries), and the
machinery every method uses. Arguments are checked against the spec before anything is sent
(required ones, bounds, allowed values); bodies are JSON, urlencoded forms, multipart (files as
a path, a filehandle or C<[ $content, $filename, $content_type ]>) or raw bytes. Failed
requests are retried with exponential backoff and jitter (connection errors, 408, 409, 429, 5xx,
C<x-should-retry>), honouring C<Retry-After> and C<retry-after-ms>. Every method also takes
C<headers> (extra request headers), C<save_to> (a binary response's file) and C<on_event> (a
callback for each server-sent event).

=cut
