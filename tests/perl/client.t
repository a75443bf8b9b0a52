# The generated Perl client for spec/openapi.yaml, run with prove by tests/test_perl_target.py:
# SPEC_SERVER_URL is the spec server (it checks each request against the spec and records it for
# the Python side), SCRIPT_SERVER_URL a server answering with replies queued in this order.
use strict;
use warnings;

use Test::More;
use OpenAI::API::Client;

my $png = "\x89PNG\r\n\x1a\nfake image bytes";

my $client = OpenAI::API::Client->new( api_key => 'sk-test-key', base_url => $ENV{SPEC_SERVER_URL} );
my $result = $client->create_variation( { body => { image => [ $png, 'otter.png' ], n => 2, size => '512x512' } } );
ok( $result->{created}, 'the spec server accepted the multipart request' );

my $scripted = OpenAI::API::Client->new(
    api_key => 'k',
    base_url => $ENV{SCRIPT_SERVER_URL},
    max_retries => 2,
);
# 1: a 429 with Retry-After, then 200
my $start = time;
my $retried = $scripted->create_variation( { body => { image => [ $png, 'a.png' ] } } );
is( $retried->{created}, 7, 'a 429 is retried, and the retry answered' );

# 2: a 400 becomes an exception object
my $ok = eval { $scripted->create_variation( { body => { image => [ $png, 'a.png' ] } } ); 1 };
my $error = $@;
ok( !$ok, 'a 400 dies' );
isa_ok( $error, 'OpenAI::API::Error' );
is( $error->status, 400, 'status' );
is( $error->type, 'invalid_request_error', 'type' );
is( $error->message, 'Invalid image', 'message' );
is( $error->request_id, 'req_42', 'request id' );
is( "$error", '400 invalid_request_error: Invalid image (request id req_42)', 'one line' );

# 3: unknown fields decode
my $extra = $scripted->create_variation( { body => { image => [ $png, 'a.png' ] } } );
is( $extra->{brand_new}{x}, 1, 'an unknown field is kept' );
is( $extra->{output_format}, 'avif', 'an unknown enum value is kept' );

# checks before sending
ok( !eval { $client->create_variation( { body => { n => 2 } } ); 1 }, 'a missing required field croaks' );
like( $@, qr/missing required body field 'image'/, '... saying which' );
ok( !eval { $client->create_variation( { body => { image => [ $png, 'a.png' ], n => 11 } } ); 1 }, 'out of bounds croaks' );
like( $@, qr/n must be at most 10, got 11/, '... saying why' );
ok( !eval { $client->create_variation( { body => { image => [ $png, 'a.png' ], size => '3x3' } } ); 1 }, 'a bad enum croaks' );

done_testing();
