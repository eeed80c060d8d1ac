package io.alps.reporter.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureViewTest {
    @Test
    void aReasonShownToClientsNamesTheFileButNotWhereItLivesOnTheServer() {
        FailureView f = new FailureView("selector-service", "initial-labels", 0,
                "no Fashion-MNIST IDX files in /tmp/alps-stack-it1/missing: install Debian's dataset-fashion-mnist "
                        + "package (apt-get install dataset-fashion-mnist) or pass a directory; missing CIFAR-10 file "
                        + "/etc/data_batch_1.bin (see https://www.cs.toronto.edu/~kriz/cifar.html)");
        assertThat(f.reason()).contains("IDX files in missing:").contains("file data_batch_1.bin")
                .doesNotContain("/tmp").doesNotContain("/etc").contains("https://www.cs.toronto.edu/~kriz/cifar.html")
                .contains("dataset-fashion-mnist");
        assertThat(new FailureView("s", "t", 0, null).reason()).isNull();
    }
}
