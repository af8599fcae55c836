package io.tscam.server.hardening;

import io.tscam.server.testsupport.ServedWithApiKeys;
import io.tscam.server.testsupport.TestApiKeys;

/**
 * The hostile uploads of {@link HostileUploadTest} with API keys required, sent by a client with a
 * valid key: authentication changes none of the answers.
 */
@ServedWithApiKeys
class HostileUploadWithApiKeyTest extends HostileUploadTest {

  @Override
  LocalizeClient clientFor(int serverPort) {
    return new LocalizeClient(serverPort).with("X-API-Key", TestApiKeys.PLAIN_KEY);
  }
}
