package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.registry.ModelVersion;
import dev.mlops.registry.Page;
import dev.mlops.registry.PageRequest;
import dev.mlops.registry.RegisteredModel;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Paged listings of models and versions (the audit log's paging is in {@link AuditContract}):
 * order, page sizes, tokens followed to the end, and tokens that did not come from the listing.
 */
abstract class PagingContract extends ContractGroup {

  private static final List<String> NAMES = List.of("delta", "alpha", "foxtrot", "charlie", "echo", "bravo");
  private static final List<String> SORTED = NAMES.stream().sorted().toList();

  PagingContract(Supplier<ContractFixture> fixture) {
    super(fixture);
  }

  @Test
  void anEmptyRegistryListsNoModels() {
    Page<RegisteredModel> page = registry().listModels(PageRequest.first());

    assertThat(page.items()).isEmpty();
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void modelsAreListedByNameInPagesOfAnySize() {
    NAMES.forEach(this::register);

    for (int limit : new int[] {1, 2, 3, 4, 5, 6, 7, 100}) {
      assertPaged(p -> registry().listModels(p), limit, SORTED, RegisteredModel::name);
    }
  }

  @Test
  void versionsAreListedByNumberInPagesOfAnySize() {
    registerVersions("churn", 6);
    register("other");
    List<Integer> numbers = List.of(1, 2, 3, 4, 5, 6);

    for (int limit : new int[] {1, 2, 3, 4, 5, 6, 7, 100}) {
      assertPaged(p -> registry().listVersions("churn", p), limit, numbers, ModelVersion::version);
    }
  }

  @Test
  void aListingWhoseSizeIsAMultipleOfThePageSizeEndsWithoutAnEmptyPage() {
    NAMES.forEach(this::register);

    List<Page<RegisteredModel>> pages = pages(p -> registry().listModels(p), 3);

    assertThat(pages).hasSize(2);
    assertThat(pages.get(1).items()).extracting(RegisteredModel::name)
        .containsExactly("delta", "echo", "foxtrot");
    assertThat(pages.get(1).nextPageToken()).isNull();
  }

  @Test
  void modelsAddedWhileListingNeitherRepeatNorHideTheOthers() {
    List.of("bravo", "delta", "foxtrot").forEach(this::register);
    Page<RegisteredModel> first = registry().listModels(PageRequest.first(2));
    assertThat(first.items()).extracting(RegisteredModel::name).containsExactly("bravo", "delta");

    register("alpha");
    register("echo");
    PageRequest second = PageRequest.first(2).next(nextToken(first));
    List<String> rest = pagesFrom(p -> registry().listModels(p), second)
        .stream().flatMap(p -> p.items().stream()).map(RegisteredModel::name).toList();

    assertThat(rest).containsExactly("echo", "foxtrot");
  }

  @Test
  void malformedPageTokensAreRejected() {
    register("churn");

    for (String token : List.of("definitely-not-a-token", "%%%", "")) {
      PageRequest request = new PageRequest(10, token);
      thrownBy(IllegalArgumentException.class, () -> registry().listModels(request));
      thrownBy(IllegalArgumentException.class, () -> registry().listVersions("churn", request));
      thrownBy(IllegalArgumentException.class, () -> registry().auditLog(null, request));
    }
  }

  @Test
  void aPageTokenFromAnotherListingIsRejected() {
    requireChanges("it pages through the audit log");
    List.of("alpha", "bravo").forEach(this::register);
    registerVersions("alpha", 2);
    String modelsToken = nextToken(registry().listModels(PageRequest.first(1)));
    String versionsToken = nextToken(registry().listVersions("alpha", PageRequest.first(1)));
    String auditToken = nextToken(registry().auditLog(null, PageRequest.first(1)));


    thrownBy(IllegalArgumentException.class,
        () -> registry().listVersions("alpha", PageRequest.first(1).next(modelsToken)));
    thrownBy(IllegalArgumentException.class,
        () -> registry().auditLog(null, PageRequest.first(1).next(modelsToken)));
    thrownBy(IllegalArgumentException.class,
        () -> registry().listModels(PageRequest.first(1).next(versionsToken)));
    thrownBy(IllegalArgumentException.class,
        () -> registry().listModels(PageRequest.first(1).next(auditToken)));
  }

  /**
   * Follows a listing to its end and checks the order, the page sizes, and that only the last
   * page lacks a token.
   */
  static <T, K> void assertPaged(
      Function<PageRequest, Page<T>> listing, int limit, List<K> expected, Function<T, K> key) {
    List<Page<T>> pages = pages(listing, limit);
    String size = "pages of " + limit;
    assertThat(pages.stream().flatMap(p -> p.items().stream()).map(key).toList())
        .as(size).containsExactlyElementsOf(expected);
    assertThat(pages).as(size).hasSize(Math.max(1, (expected.size() + limit - 1) / limit));
    for (int i = 0; i < pages.size() - 1; i++) {
      assertThat(pages.get(i).items()).as(size + ", page " + i).hasSize(limit);
      assertThat(pages.get(i).nextPageToken()).as(size + ", page " + i).isNotNull();
    }
    assertThat(pages.get(pages.size() - 1).nextPageToken()).as(size + ", last page").isNull();
  }
}
