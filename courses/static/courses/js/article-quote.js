// Draftail feature "article-quote": marks the selected words as a quotation of one article
// (stored as <q data-article="slug:number">). The server checks the words against the
// article's current text (courses/quotations.py); this file only records which article.
(() => {
  const React = window.React;
  const { EditorState, Modifier, RichUtils } = window.DraftJS;
  const STORE = 'xuefa.articleQuote.last';

  class ArticleQuoteSource extends React.Component {
    componentDidMount() {
      const { editorState, entityType, entity, onComplete } = this.props;
      const selection = editorState.getSelection();
      const previous = entity ? entity.getData().article : '';
      const config = entityType.articleQuote || {};
      const answer = window.prompt(
        config.prompt || 'slug:number',
        previous || window.localStorage.getItem(STORE) || config.example || '',
      );
      if (answer === null || selection.isCollapsed()) {
        onComplete(editorState);
        return;
      }
      const article = answer.trim();
      if (!article) {
        onComplete(RichUtils.toggleLink(editorState, selection, null));
        return;
      }
      window.localStorage.setItem(STORE, article);
      const content = editorState
        .getCurrentContent()
        .createEntity(entityType.type, 'MUTABLE', { article });
      const key = content.getLastCreatedEntityKey();
      const next = Modifier.applyEntity(content, selection, key);
      onComplete(EditorState.push(editorState, next, 'apply-entity'));
    }

    render() {
      return null;
    }
  }

  const ArticleQuoteMark = ({ entityKey, contentState, children }) => {
    const { article } = contentState.getEntity(entityKey).getData();
    return React.createElement(
      'q',
      { className: 'article-quote-mark', title: article, 'data-article': article },
      children,
    );
  };

  window.draftail.registerPlugin(
    { type: 'ARTICLE_QUOTE', source: ArticleQuoteSource, decorator: ArticleQuoteMark },
    'entityTypes',
  );
})();
