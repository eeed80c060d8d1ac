package io.alps.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.ml.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FeatureBufferTest {
    @Test
    void gathersWhatTheDatasetHoldsIntoOneKeptArrayPerBatchSize() {
        Dataset data = TestData.split(300, 50, 4).train();
        FeatureBuffer buffer = new FeatureBuffer(data);
        int[] a = {5, 3, 200, 17};
        int[] b = {9, 10, 11, 12};
        int[] last = {299, 0};

        INDArray first = buffer.features(a);
        assertThat(first).isEqualTo(data.features(a));
        assertThat(first.shape()).containsExactly(4, data.shape().channels(), data.shape().height(), data.shape().width());
        INDArray second = buffer.features(b);
        assertThat(second).isEqualTo(data.features(b));
        assertThat(second.data().address()).as("the same memory again").isEqualTo(first.data().address());
        assertThat(buffer.features(last)).isEqualTo(data.features(last));
        assertThat(buffer.features(a).data().address()).isEqualTo(first.data().address());
        assertThat(buffer.features(b).data().asFloat()).as("bit for bit").containsExactly(data.features(b).data().asFloat());
    }

    @Test
    void copiesFromAViewOfRowsThatStartsInsideItsBuffer() {
        Dataset all = TestData.split(300, 50, 4).train();
        // rows 40..299 of the same features: a view that starts inside the buffer
        INDArray rows = all.matrix().get(NDArrayIndex.interval(40, 300), NDArrayIndex.all());
        Dataset view = new Dataset("view", rows, java.util.Arrays.copyOfRange(all.labels(), 40, 300), all.shape(),
                all.classNames());
        FeatureBuffer buffer = new FeatureBuffer(view);
        int[] ids = {0, 259, 7};
        assertThat(buffer.features(ids).data().asFloat()).containsExactly(all.features(new int[] {40, 299, 47}).data().asFloat());
    }
}
