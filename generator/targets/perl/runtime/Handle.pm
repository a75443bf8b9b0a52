package APIClient::Handle;

# A resource reached through the client ($client->customers, $client->customers->tax_ids): its
# methods send with the client that made it.

use strict;
use warnings;

our $VERSION = '0.1.0';
our @CARP_NOT = ('APIClient::Runtime');

sub _handle {
    my ( $class, $client ) = @_;
    return bless { client => $client }, $class;
}

sub _call {
    my $self = shift;
    return $self->{client}->_call(@_);
}

sub _pages {
    my $self = shift;
    return $self->{client}->_pages(@_);
}

1;

__END__

=head1 NAME

APIClient::Handle - a resource reached through the client

=head1 SYNOPSIS

  my $customers = $client->customers;    # an APIClient::Handle
  my $customer  = $customers->retrieve( { customer => 'cus_123' } );

=head1 DESCRIPTION

The resource modules whose methods are not the client's own (nested resources, and resources
whose methods are named as REST names them: C<list>, C<create>, C<retrieve>) inherit from this
package. The client's accessor returns one bound to the client; its methods send with it,
with the client's credentials, base URL, retries and options.

=cut
