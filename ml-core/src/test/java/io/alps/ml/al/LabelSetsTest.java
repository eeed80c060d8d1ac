package io.alps.ml.al;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelSetsTest {
    @Test
    void initialSetIsSeededSortedAndDistinct() {
        int[] a = LabelSets.initial(1, 1000, 100);
        assertThat(a).hasSize(100).isSorted().doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(a).allMatch(id -> id >= 0 && id < 1000)).isTrue();
        assertThat(LabelSets.initial(1, 1000, 100)).containsExactly(a);
        assertThat(LabelSets.initial(2, 1000, 100)).isNotEqualTo(a);
    }

    @Test
    void unlabeledIsTheComplementAndUnionMerges() {
        int[] labeled = {1, 4, 5};
        assertThat(LabelSets.unlabeled(7, labeled)).containsExactly(0, 2, 3, 6);
        assertThat(LabelSets.union(labeled, new int[] {6, 0})).containsExactly(0, 1, 4, 5, 6);
        assertThatThrownBy(() -> LabelSets.union(labeled, new int[] {4}))
                .hasMessage("sample 4 is labeled twice");
    }
}
