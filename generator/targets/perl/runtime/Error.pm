package APIClient::Error;

# An API error, thrown with die: status, type, message, request id (and code, param, body).
# It prints as one line:  400 invalid_request_error: Invalid image (request id req_123)

use strict;
use warnings;

use JSON::PP ();
use overload '""' => \&as_string, fallback => 1;

our $VERSION = '0.1.0';

sub new {
    my ( $class, %fields ) = @_;
    return bless {%fields}, $class;
}

sub from_response {
    my ( $class, $response ) = @_;
    my %fields = (
        status => $response->{status},
        request_id => $response->{headers}{'x-request-id'},
        body => $response->{content},
    );
    if ( $response->{status} == 599 ) {
        return $class->new( %fields, type => 'connection_error', message => $response->{content} || $response->{reason} );
    }
    my $decoded = eval { JSON::PP->new->utf8->decode( $response->{content} ) };
    my $error = ref $decoded eq 'HASH' ? ( ref $decoded->{error} eq 'HASH' ? $decoded->{error} : $decoded ) : {};
    return $class->new(
        %fields,
        type => $error->{type},
        code => $error->{code},
        param => $error->{param},
        message => defined $error->{message} ? $error->{message} : $response->{reason},
    );
}

sub status     { $_[0]{status} }
sub type       { $_[0]{type} }
sub message    { $_[0]{message} }
sub request_id { $_[0]{request_id} }
sub code       { $_[0]{code} }
sub param      { $_[0]{param} }
sub body       { $_[0]{body} }

sub as_string {
    my ($self) = @_;
    my $id = defined $self->{request_id} ? " (request id $self->{request_id})" : '';
    my $type = defined $self->{type} ? $self->{type} : 'error';
    my $message = defined $self->{message} ? $self->{message} : '';
    return "$self->{status} $type: $message$id";
}

1;

__END__

=head1 NAME

APIClient::Error - an error response, thrown with die

=head1 SYNOPSIS

  my $result = eval { $client->some_method({ ... }) };
  if ( my $error = $@ ) {
      die $error unless ref $error && $error->isa('APIClient::Error');
      warn $error->status, ' ', $error->type, ': ', $error->message, ' ', $error->request_id;
  }

=head1 METHODS

C<status> (599 when the API could not be reached), C<type>, C<message>, C<request_id>,
C<code>, C<param> and C<body> (the response's bytes). In a string it is one line:
C<400 invalid_request_error: Invalid image (request id req_123)>.

=cut
