package APIClient::Runtime;

# The client's machinery: arguments checked, encoded and spelled by APIClient::Wire as the
# OpenAPI specification says, the credentials each operation asks for, requests sent with
# HTTP::Tiny and retried, responses decoded by their Content-Type, errors thrown as objects.
# Core modules only.

use strict;
use warnings;

use Carp qw(croak);
use HTTP::Tiny;
use JSON::PP ();
use MIME::Base64 ();
use APIClient::Error;
use APIClient::Wire;

our $VERSION = '0.1.0';

my $JSON = JSON::PP->new->utf8->canonical->allow_nonref;    # responses

sub new {
    my ( $class, %opts ) = @_;
    my $spec = $class->_api;
    my $self = bless {
        api_key => exists $opts{api_key} ? $opts{api_key} : $ENV{ $spec->{api_key_env} },
        username => $opts{username},
        password => $opts{password},
        base_url => $opts{base_url} || $ENV{ $spec->{base_url_env} } || $spec->{base_url},
        timeout => defined $opts{timeout} ? $opts{timeout} : 600,
        max_retries => defined $opts{max_retries} ? $opts{max_retries} : 2,
        initial_retry_delay => defined $opts{initial_retry_delay} ? $opts{initial_retry_delay} : 0.5,
        max_retry_delay => defined $opts{max_retry_delay} ? $opts{max_retry_delay} : 8,
    }, $class;
    if ( $spec->{auth_required} && !_given( $self->{api_key} ) && !_given( $self->{username} ) ) {
        my $basic = grep { $_->{kind} eq 'basic' } values %{ $spec->{schemes} || {} };
        croak "no API key: pass api_key => ..." . ( $basic ? ' (or username => ..., password => ...)' : '' )
          . " or set $spec->{api_key_env}";
    }
    $self->{http} = $opts{http} || HTTP::Tiny->new(
        timeout => $self->{timeout},
        agent => $spec->{user_agent},
    );
    return $self;
}

sub _types { return {} }    # the client's: its request schemas (see the Schemas module)

sub _given { return defined $_[0] && length $_[0] }

# _call($op, \%args, \%options): $op is the operation's table (see the resource modules and the
# POD); %args the operation's own arguments (any names the spec gives them), %options the
# runtime's (headers, save_to, on_event), so that no option can take a parameter's name.
# Everything is checked and encoded before anything is sent; an argument error croaks at the
# caller's line (the resource modules list this package in @CARP_NOT).
my %OPTIONS = map { $_ => 1 } qw(headers save_to on_event);

sub _call {
    my ( $self, $op, $args, $options ) = @_;
    $options = {} unless defined $options;
    my $request = eval { $self->_request( $op, $args, $options ) };
    if ( !$request ) {
        my $error = $@;
        croak "$op->{name}: $$error" if ref $error eq 'APIClient::Wire::Bad';
        die $error;
    }
    my $response = $self->_send( $op->{method}, @$request, $options );
    return $self->_result( $op, $response, $options );
}

# Every item of every page of a list operation (its table's C<pagination>), as an iterator: each
# call returns the next item, fetching the next page when the items of one are used up; undef
# (an empty list) after the last.
sub _pages {
    my ( $self, $op, $args, $options ) = @_;
    my $paging = $op->{pagination};
    my %args = %{ defined $args ? $args : {} };
    my ( @items, $done );
    return sub {
        while ( !@items ) {
            return if $done;
            my $page = $self->_call( $op, {%args}, $options );
            my $list = ref $page eq 'HASH' ? $page->{ $paging->{items} } : undef;
            @items = ref $list eq 'ARRAY' ? @$list : ();
            $done = 1 if !@items || ( defined $paging->{has_more} && !$page->{ $paging->{has_more} } );
            next if $done;
            my $param = $paging->{param};
            if ( $paging->{kind} eq 'offset' ) {
                $args{$param} = ( defined $args{$param} ? $args{$param} : 0 ) + @items;
            }
            elsif ( $paging->{kind} eq 'page' ) {
                $args{$param} = ( defined $args{$param} ? $args{$param} : 1 ) + 1;
            }
            else {
                my $last = $items[-1];
                my $cursor = defined $paging->{next_field} ? $page->{ $paging->{next_field} }
                  : ref $last eq 'HASH' ? $last->{ $paging->{item_field} }
                  :                       undef;
                if ( _given($cursor) ) { $args{$param} = $cursor }
                else                   { $done = 1 }
            }
        }
        return shift @items;
    };
}

sub _request {
    my ( $self, $op, $args, $options ) = @_;
    $args = {} unless defined $args;
    APIClient::Wire::bad('arguments must be a hash reference') unless ref $args eq 'HASH';
    APIClient::Wire::bad('options must be a hash reference') unless ref $options eq 'HASH';
    for my $name ( sort keys %$options ) {
        APIClient::Wire::bad("unknown option '$name' (the options are headers, save_to and on_event)") unless $OPTIONS{$name};
    }
    my $body_key = $op->{body} && $op->{body}{arg} || 'body';
    my %known = map { $_->{name} => 1 } @{ $op->{params} };
    $known{$body_key} = 1 if $op->{body};
    for my $name ( sort keys %$args ) {
        next if $known{$name};
        my $hint = $OPTIONS{$name} ? " ($name is an option: pass it in the second hash reference)" : '';
        APIClient::Wire::bad("unknown argument '$name'$hint");
    }
    my $cx = { types => $self->_types };
    my $path = $op->{path};
    my ( @query, @cookies, %headers );
    for my $p ( @{ $op->{params} } ) {
        my $value = $args->{ $p->{name} };
        if ( !defined $value ) {
            APIClient::Wire::bad("missing required argument '$p->{name}'") if $p->{required};
            next;
        }
        my $node = APIClient::Wire::checked( $cx, $p, $value );
        my $in = $p->{in};
        if ( $in eq 'path' ) {
            my $text = APIClient::Wire::path_value( $p, $node );
            $path =~ s/\{\Q$p->{name}\E\}/$text/g;
        }
        elsif ( $in eq 'query' ) {
            push @query, APIClient::Wire::query_pairs( $p->{name}, $node, $p );
        }
        elsif ( $in eq 'header' ) {
            $headers{ $p->{name} } = APIClient::Wire::header_value( $node, $p );
        }
        elsif ( $in eq 'cookie' ) {
            push @cookies, APIClient::Wire::cookie_pairs( $p->{name}, $node, $p );
        }
    }
    my ( $content, $content_type ) = APIClient::Wire::body( $cx, $op->{body}, $args->{$body_key} );
    $self->_credentials( $op, \%headers, \@query, \@cookies );
    $headers{Cookie} = join '; ', @cookies if @cookies;
    $headers{'Content-Type'} = $content_type if defined $content_type;
    $headers{Accept} = $op->{accept} if $op->{accept};
    my $extra = $options->{headers} || {};
    APIClient::Wire::bad('headers must be a hash reference') unless ref $extra eq 'HASH';
    for my $name ( sort keys %$extra ) {
        delete $headers{$_} for grep { lc $_ eq lc $name } keys %headers;
        $headers{$name} = $extra->{$name};
    }
    for my $name ( keys %headers ) {
        my $value = $headers{$name};
        delete $headers{$name}, next unless defined $value;
        utf8::encode($value);
        APIClient::Wire::bad("header '$name' must not contain a line break") if $value =~ /[\r\n]/;
        $headers{$name} = $value;
    }
    my $url = $self->{base_url};
    $url =~ s{/+$}{};
    $url .= $path;
    $url .= '?' . join '&', @query if @query;
    return [ $url, \%headers, $content ];
}

# Credentials: the first non-empty alternative the client has every credential for.
sub _credentials {
    my ( $self, $op, $headers, $query, $cookies ) = @_;
    my $schemes = $self->_api->{schemes} || {};
    for my $alternative ( @{ $op->{security} || [] } ) {
        next unless @$alternative;
        my @found = map { $schemes->{$_} } @$alternative;
        next if grep { !$_ || !$self->_has($_) } @found;
        for my $scheme (@found) {
            if ( $scheme->{kind} eq 'basic' ) {
                my $pair = $self->{username} . ':' . ( defined $self->{password} ? $self->{password} : '' );
                utf8::encode($pair);
                $headers->{Authorization} = 'Basic ' . MIME::Base64::encode_base64( $pair, '' );
            }
            elsif ( $scheme->{kind} eq 'bearer' ) {
                $headers->{Authorization} = "Bearer $self->{api_key}";
            }
            elsif ( $scheme->{in} eq 'header' ) {
                $headers->{ $scheme->{name} } = $self->{api_key};
            }
            elsif ( $scheme->{in} eq 'query' ) {
                push @$query, APIClient::Wire::pct( $scheme->{name} ) . '=' . APIClient::Wire::pct( $self->{api_key} );
            }
            elsif ( $scheme->{in} eq 'cookie' ) {
                push @$cookies, "$scheme->{name}=" . APIClient::Wire::pct( $self->{api_key} );
            }
        }
        return;
    }
    return;
}

sub _has {
    my ( $self, $scheme ) = @_;
    return _given( $self->{username} ) if $scheme->{kind} eq 'basic';
    return _given( $self->{api_key} );
}

# -- sending -------------------------------------------------------------------------------

sub _send {
    my ( $self, $method, $url, $headers, $content, $options ) = @_;
    my $attempt = 0;
    while (1) {
        my %options = ( headers => $headers );
        $options{content} = $content if defined $content;
        if ( $options->{on_event} ) {
            my $buffer = '';
            $options{data_callback} = sub {
                my ( $chunk, $response ) = @_;
                if ( $response->{status} =~ /^2/ ) {
                    $buffer .= $chunk;
                    while ( $buffer =~ s/^(.*?)\r?\n\r?\n//s ) {
                        my $data = join "\n", map { /^data: ?(.*)$/ ? $1 : () } split /\r?\n/, $1;
                        next if $data eq '' || $data eq '[DONE]';
                        $options->{on_event}->( $JSON->decode($data) );
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

# The response by its Content-Type: JSON decoded, text/* as text, anything else as its bytes
# (whatever the spec declared); a binary operation always gives bytes.
sub _result {
    my ( $self, $op, $response, $options ) = @_;
    my $kind = $op->{response};
    return 1 if $options->{on_event};
    my $content = defined $response->{content} ? $response->{content} : '';
    return 1 if $kind eq 'empty' && !length $content;
    my $header = $response->{headers}{'content-type'};
    $header = join ', ', @$header if ref $header eq 'ARRAY';
    my ($media) = lc( defined $header ? $header : '' ) =~ m{\A\s*([^;\s]+)};
    $media = '' unless defined $media;
    my $json = APIClient::Wire::is_json($media) || ( $media eq '' && $kind eq 'json' );
    my $text = $media =~ m{\Atext/} || ( $kind eq 'text' && !$json );
    if ( defined $options->{save_to} && ( $kind eq 'binary' || !$json ) ) {
        open my $fh, '>:raw', $options->{save_to} or croak "cannot write $options->{save_to}: $!";
        print {$fh} $content;
        close $fh or croak "cannot write $options->{save_to}: $!";
        return $options->{save_to};
    }
    return $content if $kind eq 'binary' || ( !$json && !$text );
    return _decoded( $content, $header ) if $text || $kind eq 'text';
    return undef unless length $content;
    my $decoded = eval { $JSON->decode($content) };
    die APIClient::Error->new(
        status => $response->{status},
        type => 'invalid_response',
        message => "the response is not JSON: $@",
        request_id => $response->{headers}{'x-request-id'},
    ) if $@;
    return $decoded;
}

sub _decoded {
    my ( $content, $header ) = @_;
    my ($charset) = ( defined $header ? $header : '' ) =~ /charset\s*=\s*"?([\w.:-]+)/i;
    $charset = lc( defined $charset ? $charset : 'utf-8' );
    if ( $charset eq 'utf-8' || $charset eq 'utf8' ) {
        my $text = $content;
        return utf8::decode($text) ? $text : $content;
    }
    require Encode;
    my $text = eval { Encode::decode( $charset, $content ) };
    return defined $text ? $text : $content;
}

1;

__END__

=head1 NAME

APIClient::Runtime - how the client's methods send requests

=head1 DESCRIPTION

The base class of the client: C<new> (api_key, username, password, base_url, timeout,
max_retries), and the machinery every method uses. Arguments are checked and encoded by their
schema types and spelled as the OpenAPI specification says by L<APIClient::Wire>; an argument
error croaks at the caller's line before anything is sent. Each operation sends the first of
its security alternatives the client has all credentials for (bearer, HTTP basic, API keys in
a header, query or cookie), else none.

Failed requests are retried with exponential backoff and jitter (connection errors, 408, 409,
429, 5xx, C<x-should-retry>), honouring C<Retry-After> and C<retry-after-ms>. A JSON response
is decoded; a C<text/*> one is returned as text, any other as bytes.

Every method takes a hash reference of the operation's arguments (parameters by name, the
request body under C<body>, or the name its table's C<< body => { arg => ... } >> gives when a
parameter is named C<body>), then, optionally, a hash reference of the runtime's options:
C<headers> (extra request headers), C<save_to> (a file for a response that is not JSON) and
C<on_event> (a callback for each server-sent event). Options never share the arguments' names,
so a parameter may be called C<headers> or C<save_to>.

=head2 Operation tables

Each resource module's C<%OPS> describes its operations, as data:

  {
      name => 'create_thing', method => 'POST', path => '/things/{id}',
      params => [
          # in: path, query, header or cookie; style and explode as the spec says;
          # reserved => 1 for allowReserved; content_type for a `content` parameter
          { name => 'id', in => 'path', required => 1, type => 'string', style => 'simple', explode => 0 },
      ],
      body => {
          kind => 'json',    # json, form, multipart, binary or text
          content_type => 'application/json',
          required => 1,
          # arg => 'request_body': the argument holding the body, when a parameter is named body
          # fields of an object body (form fields: style, explode, reserved, content_type;
          # multipart parts: content_type and headers => [ name => value, ... ]),
          # or whole => TYPE for any other body
          fields => [ { name => 'n', type => 'integer', minimum => 1, maximum => 10 } ],
      },
      security => [ [ 'bearer' ], [ 'basic' ] ],    # alternatives; [] sends none
      response => 'json',                            # json, text, binary, empty or events
      accept => 'text/event-stream',                 # when not application/json
      # a list whose pages chain: where the items are, the query parameter that asks for the
      # next page, and where its value comes from (a response field, the last item's field;
      # an offset advanced by the items read; a page number advanced by one)
      pagination => { kind => 'cursor', items => 'data', param => 'after', next_field => 'last_id', has_more => 'has_more' },
  }

A TYPE is C<'string'>, C<'integer'>, C<'number'>, C<'boolean'>, C<'file'>, C<'any'>,
C<< { array => TYPE } >>, C<< { map => TYPE } >>, C<< { object => [ name => TYPE, ... ],
required => [...] } >>, C<< { enum => [...] } >>, C<< { any_of => [ TYPE, ... ] } >> or
C<< { ref => 'Name' } >>, a name of the Schemas module's C<%TYPES>.

=cut
